/**
 * Above every screen, for administrators: next year's decree table (holidays and moved days) is missing and the
 * year end is near (from 1 November). Routes with deadlines in that year wait for it, so the warning comes early.
 */
import { apiGet } from '../api/client';
import type { Bilingual } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { hasRole, useSession } from '../session/session-context';

interface CalendarStatus {
  nextYear: number;
  nextYearLoaded: boolean;
  warning?: Bilingual;
}

export function CalendarWarning() {
  const session = useSession();
  const { tr } = useI18n();
  const admin = hasRole(session, 'administrator');
  const status = useResource(admin ? (signal) => apiGet<CalendarStatus>('/api/calendar/status', undefined, signal) : undefined, [admin]);
  const warning = status.data?.warning;
  if (!warning) return null;
  return (
    <div className="problem calendar-warning" role="status" data-testid="calendar-warning">
      <p>{tr(warning)}</p>
    </div>
  );
}
