/** Small building blocks every screen uses: sections, badges, empty states, the loading line, person names. */
import type { ReactNode } from 'react';
import type { DocumentStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { useSession } from '../session/session-context';

export function Section(props: { title: string; actions?: ReactNode; children: ReactNode; id?: string; testId?: string; subtitle?: ReactNode }) {
  return (
    <section className="card" id={props.id} data-testid={props.testId}>
      <header className="card-head">
        <div>
          <h2>{props.title}</h2>
          {props.subtitle && <div className="card-subtitle">{props.subtitle}</div>}
        </div>
        {props.actions && <div className="card-actions">{props.actions}</div>}
      </header>
      <div className="card-body">{props.children}</div>
    </section>
  );
}

const STATUS_TONE: Record<DocumentStatus, string> = {
  draft: 'neutral',
  'on-approval': 'info',
  'on-signing': 'info',
  'on-registration': 'info',
  registered: 'info',
  'in-execution': 'warn',
  'awaiting-control-removal': 'warn',
  'on-acknowledgement': 'info',
  executed: 'ok',
  rejected: 'bad',
  withdrawn: 'neutral',
};

export function StatusBadge({ status }: { status: DocumentStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${STATUS_TONE[status] ?? 'neutral'}`} data-testid="status-badge" data-status={status}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'info' | 'ok' | 'warn' | 'bad'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" aria-busy="true">
      <span className="spinner" /> {t('common.loading')}
    </div>
  );
}

/**
 * A colleague's name from the directory. `full` adds the whole name after the short one. A person the directory
 * does not show is named as such, never by their login id (an internal code on a clerk's screen).
 */
export function PersonName({ id, full }: { id: string | undefined; full?: boolean }) {
  const { people } = useSession();
  const { t } = useI18n();
  if (!id) return <>—</>;
  const person = people.get(id);
  if (!person?.fullName) return <span data-employee-id={id}>{t('common.unknownPerson')}</span>;
  return (
    <span title={person.fullName} data-employee-id={id}>
      {shortName(person.fullName)}
      {full && <span className="muted"> ({person.fullName})</span>}
    </span>
  );
}

/** "Surname Name Patronymic" → "Surname N. P.", the way Kazakh and Russian office papers write it. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.split(/\s+/);
  return [surname, ...rest.map((p) => `${p[0]}.`)].join(' ');
}

export function KeyValues({ rows }: { rows: Array<[string, ReactNode] | false | '' | 0 | null | undefined> }) {
  return (
    <dl className="kv">
      {rows.filter((r): r is [string, ReactNode] => !!r).map(([k, v]) => (
        <div className="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
