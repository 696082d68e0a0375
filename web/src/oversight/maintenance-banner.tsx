/**
 * Above every screen, for everyone signed in: announced maintenance windows (seed-004 ¶44), from the
 * announcement until the window ends, in the reader's language. Checked again every minute, so a window that
 * starts or ends while the page is open changes or leaves the banner.
 */
import { useEffect } from 'react';
import type { z } from 'zod';
import type { maintenanceView } from '../../../api/services/oversight-routes';
import { apiGet } from '../api/client';
import { useResource } from '../api/use-resource';
import { formatDateTime } from '../i18n/astana-time';
import { useI18n } from '../i18n/i18n';

type MaintenanceWindow = z.output<typeof maintenanceView>;

const RECHECK_MS = 60_000;

export function MaintenanceBanner() {
  const { t, tr } = useI18n();
  const windows = useResource((signal) => apiGet<MaintenanceWindow[]>('/api/maintenance-windows/current', undefined, signal), []);
  const { reload } = windows;
  useEffect(() => {
    const timer = setInterval(reload, RECHECK_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const shown = (windows.data ?? []).filter((w) => Date.parse(w.endsAt) > Date.now());
  if (shown.length === 0) return null;
  return (
    <div className="problem maintenance-banner" role="status" data-testid="maintenance-banner">
      {shown.map((w) => (
        <p key={w.id}>
          <strong>{t(Date.parse(w.startsAt) <= Date.now() ? 'oversight.maintenance.now' : 'oversight.maintenance.announced')}</strong>
          {`: ${formatDateTime(w.startsAt)} – ${formatDateTime(w.endsAt)} (${t('oversight.maintenance.period')}). `}
          {tr(w.text)}
        </p>
      ))}
    </div>
  );
}
