/** The organisation as a tree (GET /api/org/tree): units, their heads, positions and people. */
import { apiGet } from '../api/client';
import type { Bilingual, Employee } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, Loading, PersonName, Section } from '../ui/widgets';

interface UnitNode {
  id: string;
  name: Bilingual;
  headEmployeeId?: string;
  positions: Array<{ id: string; title: Bilingual }>;
  employees: Employee[];
  units: UnitNode[];
}

function Unit({ node }: { node: UnitNode }) {
  const { t, tr } = useI18n();
  const titleOf = (positionId?: string) => tr(node.positions.find((p) => p.id === positionId)?.title, '');
  return (
    <li className="org-unit">
      <details open>
        <summary>
          <strong>{tr(node.name)}</strong>
          {node.headEmployeeId && (
            <span className="small">
              {' '}
              · {t('admin.head')}: <PersonName id={node.headEmployeeId} />
            </span>
          )}
        </summary>
        <ul className="org-people">
          {node.employees.map((e) => (
            <li key={e.id}>
              <span>{e.fullName}</span> <span className="muted small">{titleOf(e.positionId)}</span>
              {e.status !== 'active' && <Badge tone="bad">{t(`employeeStatus.${e.status}` as MessageKey)}</Badge>}
            </li>
          ))}
        </ul>
        {node.units.length > 0 && (
          <ul className="org-tree">
            {node.units.map((u) => (
              <Unit key={u.id} node={u} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

export function OrgTreeTab() {
  const { t } = useI18n();
  const tree = useResource((signal) => apiGet<UnitNode[]>('/api/org/tree', undefined, signal), []);
  return (
    <Section title={t('admin.tab.org')} testId="org-tree">
      <ProblemBanner error={tree.error} />
      {tree.loading && <Loading />}
      <ul className="org-tree">
        {(tree.data ?? []).map((u) => (
          <Unit key={u.id} node={u} />
        ))}
      </ul>
    </Section>
  );
}
