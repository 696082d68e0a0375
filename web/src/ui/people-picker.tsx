/** Choosing colleagues from the staff directory: one (a select) or several (chips plus an "add" select). */
import type { Employee } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session-context';

function usePeopleOptions(filter?: (e: Employee) => boolean, includeInactive = false): Employee[] {
  const { people } = useSession();
  return [...people.values()].filter((p) => (includeInactive || p.status === 'active') && (!filter || filter(p))).sort((a, b) => a.fullName.localeCompare(b.fullName));
}

/** `includeInactive`: blocked and dismissed people too (a prosecutor's check or a log search is often about them). */
export function PersonPicker(props: { value: string | undefined; onChange(id: string | undefined): void; testId?: string; filter?: (e: Employee) => boolean; includeInactive?: boolean; ariaLabel?: string }) {
  const { t } = useI18n();
  const options = usePeopleOptions(props.filter, props.includeInactive);
  const { people } = useSession();
  // An id typed before the directory loaded (or someone outside it) stays selectable.
  const extra = props.value && !people.has(props.value) ? [props.value] : [];
  return (
    <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)} data-testid={props.testId} aria-label={props.ariaLabel}>
      <option value="">{t('common.choose')}</option>
      {extra.map((id) => (
        <option key={id} value={id}>
          {t('common.unknownPerson')}
        </option>
      ))}
      {options.map((p) => (
        <option key={p.id} value={p.id}>
          {p.fullName}
        </option>
      ))}
    </select>
  );
}

export function PeoplePicker(props: { values: string[]; onChange(ids: string[]): void; testId?: string }) {
  const { t } = useI18n();
  const { people } = useSession();
  const options = usePeopleOptions((p) => !props.values.includes(p.id));
  return (
    <div className="people-picker" data-testid={props.testId}>
      <div className="chips">
        {props.values.map((id, i) => (
          <span className="chip" key={id}>
            <span className="chip-order">{i + 1}</span>
            {people.get(id)?.fullName ?? t('common.unknownPerson')}
            <button type="button" aria-label={t('common.remove')} onClick={() => props.onChange(props.values.filter((v) => v !== id))}>
              ×
            </button>
          </span>
        ))}
        {props.values.length === 0 && <span className="muted">{t('common.nobody')}</span>}
      </div>
      <select value="" onChange={(e) => e.target.value && props.onChange([...props.values, e.target.value])} data-testid={props.testId ? `${props.testId}-add` : undefined}>
        <option value="">{t('common.add')}</option>
        {options.map((p) => (
          <option key={p.id} value={p.id}>
            {p.fullName}
          </option>
        ))}
      </select>
    </div>
  );
}
