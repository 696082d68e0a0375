/** For administrators: the organisation, substitutes, transfer of cases, journals and the business calendar. */
import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { YearTableSection } from '../calendar/year-table-section';
import { CalendarTab } from './calendar-tab';
import { ExchangeTab } from './exchange-tab';
import { JournalsTab } from './journals-tab';
import { OrgTreeTab } from './org-tree-tab';
import { SubstitutionsTab } from './substitutions-tab';
import { TransferTab } from './transfer-tab';

const TABS = ['org', 'substitutions', 'transfer', 'journals', 'calendar', 'exchange'] as const;

export function AdminPage({ tab }: { tab: string }) {
  const { t } = useI18n();
  const session = useSession();
  if (!hasRole(session, 'administrator')) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('admin.onlyAdmins'))} />;
  const current = (TABS as readonly string[]).includes(tab) ? tab : 'org';
  return (
    <div className="page" data-testid="admin-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.management')}</div>
          <h1>{t('nav.admin')}</h1>
        </div>
      </div>
      <nav className="tabs tabs-page" aria-label={t('nav.admin')}>
        {TABS.map((x) => (
          <Link key={x} to={`/admin/${x}`} className={current === x ? 'active' : ''} testId={`admin-tab-${x}`}>
            {t(`admin.tab.${x}` as MessageKey)}
          </Link>
        ))}
      </nav>
      {current === 'org' && <OrgTreeTab />}
      {current === 'substitutions' && <SubstitutionsTab />}
      {current === 'transfer' && <TransferTab />}
      {current === 'journals' && <JournalsTab />}
      {current === 'calendar' && <CalendarTab />}
      {current === 'calendar' && <YearTableSection />}
      {current === 'exchange' && <ExchangeTab />}
    </div>
  );
}
