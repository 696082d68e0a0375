/**
 * The side panel for the selected element: everything the route schema lets a designer set on a stage
 * (who acts, parallel or in turn, quorum, deadline in working or calendar days, reminders, escalation,
 * what happens on rejection, journal, control type), or, with nothing selected, the route's own title.
 * Signing's certificate requirements are OIDs, so they stay in the JSON tab.
 */
import {
  CARD_PARTICIPANT_FIELDS,
  STAGE_TYPES,
  type ParticipantRef,
  type Stage,
  type StageType,
} from '../../../domain/routes/route-model';
import { newStage } from '../../../domain/routes/route-graph';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session-context';

export interface OrgChoices {
  positions: Array<{ id: string; title: { kk: string; ru: string } }>;
  units: Array<{ id: string; name: { kk: string; ru: string } }>;
  journals: Array<{ code: string; title: { kk: string; ru: string } }>;
}

const ROLES = ['employee', 'registrar', 'controller', 'designer', 'administrator', 'auditor'] as const;
const KINDS: Array<ParticipantRef['kind']> = [
  'role',
  'position',
  'employee',
  'author',
  'author-unit-head',
  'unit-head',
  'card-field',
];

/** A participant reference in words, for the canvas and the panel. */
export function useWho(org: OrgChoices) {
  const { t, tr } = useI18n();
  const { people } = useSession();
  return (ref: ParticipantRef): string => {
    switch (ref.kind) {
      case 'role':
        return `${t('rd.who.role')}: ${t(`role.${ref.role}` as MessageKey)}`;
      case 'position': {
        const p = org.positions.find((x) => x.id === ref.positionId);
        return p ? tr(p.title) : t('rd.who.position');
      }
      case 'employee':
        return people.get(ref.employeeId)?.fullName ?? t('rd.who.employee');
      case 'unit-head': {
        const u = org.units.find((x) => x.id === ref.unitId);
        return `${t('rd.who.unit-head')}${u ? `: ${tr(u.name)}` : ''}`;
      }
      case 'card-field':
        return t(`participant.${ref.field}` as MessageKey);
      case 'author':
        return t('rd.who.author');
      case 'author-unit-head':
        return t('rd.who.author-unit-head');
      default:
        return t('rd.issue.participant');
    }
  };
}

function defaultRef(
  kind: ParticipantRef['kind'],
  org: OrgChoices,
  firstPerson: string | undefined,
): ParticipantRef {
  switch (kind) {
    case 'role':
      return { kind, role: 'registrar' };
    case 'position':
      return { kind, positionId: org.positions[0]?.id ?? '' };
    case 'employee':
      return { kind, employeeId: firstPerson ?? '' };
    case 'unit-head':
      return { kind, unitId: org.units[0]?.id ?? '' };
    case 'card-field':
      return { kind, field: 'approvers' };
    case 'author':
      return { kind };
    case 'author-unit-head':
      return { kind };
  }
}

function ParticipantsEditor(props: {
  label: string;
  value: ParticipantRef[] | undefined;
  onChange(v: ParticipantRef[]): void;
  org: OrgChoices;
  testId: string;
}) {
  const { t, tr } = useI18n();
  const { people } = useSession();
  const list = Array.isArray(props.value) ? props.value : [];
  const staff = [...people.values()]
    .filter((p) => p.status === 'active')
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
  const set = (i: number, ref: ParticipantRef) => props.onChange(list.map((r, j) => (j === i ? ref : r)));
  return (
    <fieldset className="rd-fieldset" data-testid={props.testId}>
      <legend>{props.label}</legend>
      {list.map((ref, i) => (
        <div className="rd-who" key={i} data-testid="rd-who">
          <select
            aria-label={t('rd.whoKind')}
            value={ref.kind}
            onChange={(e) =>
              set(i, defaultRef(e.target.value as ParticipantRef['kind'], props.org, staff[0]?.id))
            }
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`rd.who.${k}` as MessageKey)}
              </option>
            ))}
          </select>
          {ref.kind === 'role' && (
            <select
              aria-label={t('rd.whoValue')}
              value={ref.role}
              onChange={(e) => set(i, { kind: 'role', role: e.target.value as (typeof ROLES)[number] })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
          {ref.kind === 'position' && (
            <select
              aria-label={t('rd.whoValue')}
              value={ref.positionId}
              onChange={(e) => set(i, { kind: 'position', positionId: e.target.value })}
            >
              <option value="">{t('common.choose')}</option>
              {props.org.positions.map((p) => (
                <option key={p.id} value={p.id}>
                  {tr(p.title)}
                </option>
              ))}
            </select>
          )}
          {ref.kind === 'employee' && (
            <select
              aria-label={t('rd.whoValue')}
              value={ref.employeeId}
              onChange={(e) => set(i, { kind: 'employee', employeeId: e.target.value })}
            >
              <option value="">{t('common.choose')}</option>
              {staff.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                </option>
              ))}
            </select>
          )}
          {ref.kind === 'unit-head' && (
            <select
              aria-label={t('rd.whoValue')}
              value={ref.unitId}
              onChange={(e) => set(i, { kind: 'unit-head', unitId: e.target.value })}
            >
              <option value="">{t('common.choose')}</option>
              {props.org.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {tr(u.name)}
                </option>
              ))}
            </select>
          )}
          {ref.kind === 'card-field' && (
            <select
              aria-label={t('rd.whoValue')}
              value={ref.field}
              onChange={(e) =>
                set(i, {
                  kind: 'card-field',
                  field: e.target.value as (typeof CARD_PARTICIPANT_FIELDS)[number],
                })
              }
            >
              {CARD_PARTICIPANT_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`participant.${f}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('rd.removeWho')}
            title={t('rd.removeWho')}
            onClick={() => props.onChange(list.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => props.onChange([...list, { kind: 'author-unit-head' }])}
        data-testid={`${props.testId}-add`}
      >
        + {t('rd.addWho')}
      </button>
    </fieldset>
  );
}

type Deadline = NonNullable<Stage['deadline']>;

function DeadlineEditor({
  value,
  onChange,
}: {
  value: Deadline | undefined;
  onChange(v: Deadline | undefined): void;
}) {
  const { t } = useI18n();
  const kind = !value ? 'none' : 'hours' in value ? 'hours' : value.kind;
  const amount = !value ? 1 : 'hours' in value ? value.hours : value.days;
  const make = (k: string, n: number): Deadline | undefined =>
    k === 'none'
      ? undefined
      : k === 'hours'
        ? { hours: n }
        : k === 'calendar'
          ? {
              days: n,
              kind: 'calendar',
              ...(value &&
              'kind' in value &&
              value.kind === 'calendar' &&
              value.moveOffNonWorking !== undefined
                ? { moveOffNonWorking: value.moveOffNonWorking }
                : {}),
            }
          : { days: n, kind: 'working' };
  return (
    <fieldset className="rd-fieldset">
      <legend>{t('rd.deadline')}</legend>
      <div className="rd-row">
        <select
          aria-label={t('rd.deadline')}
          value={kind}
          onChange={(e) => onChange(make(e.target.value, amount))}
          data-testid="rd-deadline-kind"
        >
          {(['none', 'working', 'calendar', 'hours'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`rd.deadline.${k}`)}
            </option>
          ))}
        </select>
        {kind !== 'none' && (
          <input
            type="number"
            min={1}
            aria-label={t('rd.deadlineAmount')}
            value={Number.isFinite(amount) ? amount : ''}
            onChange={(e) => onChange(make(kind, Number(e.target.value)))}
            data-testid="rd-deadline-amount"
          />
        )}
      </div>
      {value && 'kind' in value && value.kind === 'calendar' && (
        <label className="rd-check">
          <input
            type="checkbox"
            checked={!!value.moveOffNonWorking}
            onChange={(e) => onChange({ ...value, moveOffNonWorking: e.target.checked })}
          />{' '}
          {t('rd.moveOffNonWorking')}
        </label>
      )}
    </fieldset>
  );
}

/** Changing a stage's type keeps what the two types share (title, deadline, who acts). */
function retype(stage: Stage, type: StageType): Stage {
  const fresh = newStage(type, []);
  const { id, title, deadline, remindWorkingDaysBefore, escalateTo, participants } = stage;
  return {
    ...fresh,
    id,
    ...(title !== undefined && { title }),
    ...(deadline && { deadline }),
    ...(remindWorkingDaysBefore !== undefined && { remindWorkingDaysBefore }),
    ...(escalateTo && { escalateTo }),
    participants,
  } as Stage;
}

export function StagePanel(props: {
  stage: Stage;
  onChange(stage: Stage): void;
  onRemove(): void;
  errors: string[];
  org: OrgChoices;
  next: string | undefined;
  nextOptions: Array<{ id: string; label: string }>;
  onNext(target: string): void;
}) {
  const { t, tr } = useI18n();
  const s = props.stage;
  const patch = (p: Partial<Record<string, unknown>>) => {
    const next = { ...s, ...p } as Record<string, unknown>;
    // An optional field cleared in the form leaves the definition, rather than staying as an empty value.
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    props.onChange(next as unknown as Stage);
  };
  return (
    <div className="rd-panel" data-testid="rd-stage-panel">
      {props.errors.length > 0 && (
        <ul className="rd-panel-errors" role="alert">
          {props.errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      <label className="rd-field">
        <span>{t('rd.stageType')}</span>
        <select
          value={s.type}
          onChange={(e) => props.onChange(retype(s, e.target.value as StageType))}
          data-testid="rd-stage-type"
        >
          {STAGE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`stageType.${type}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label className="rd-field">
        <span>{t('rd.stageTitle')}</span>
        <input
          value={s.title ?? ''}
          maxLength={200}
          onChange={(e) => patch({ title: e.target.value || undefined })}
          data-testid="rd-stage-title"
        />
      </label>
      <ParticipantsEditor
        label={t('rd.participants')}
        value={s.participants}
        onChange={(participants) => patch({ participants })}
        org={props.org}
        testId="rd-participants"
      />
      {(s.type === 'approval' || s.type === 'signing') && (
        <label className="rd-field">
          <span>{t('rd.mode')}</span>
          <select value={s.mode} onChange={(e) => patch({ mode: e.target.value })} data-testid="rd-mode">
            <option value="sequential">{t('rd.mode.sequential')}</option>
            <option value="parallel">{t('rd.mode.parallel')}</option>
          </select>
        </label>
      )}
      {s.type === 'approval' && (
        <div className="rd-field">
          <span>{t('rd.quorum')}</span>
          <div className="rd-row">
            <select
              aria-label={t('rd.quorum')}
              value={typeof s.quorum === 'object' ? 'atLeast' : s.quorum}
              onChange={(e) =>
                patch({ quorum: e.target.value === 'atLeast' ? { atLeast: 2 } : e.target.value })
              }
              data-testid="rd-quorum"
            >
              <option value="all">{t('rd.quorum.all')}</option>
              <option value="any">{t('rd.quorum.any')}</option>
              <option value="atLeast">{t('rd.quorum.atLeast')}</option>
            </select>
            {typeof s.quorum === 'object' && (
              <input
                type="number"
                min={1}
                max={50}
                aria-label={t('rd.quorumCount')}
                value={s.quorum.atLeast}
                onChange={(e) => patch({ quorum: { atLeast: Number(e.target.value) } })}
                data-testid="rd-quorum-count"
              />
            )}
          </div>
        </div>
      )}
      {s.type === 'approval' && (
        <label className="rd-check">
          <input
            type="checkbox"
            checked={!!s.allowSelfApproval}
            onChange={(e) => patch({ allowSelfApproval: e.target.checked || undefined })}
          />{' '}
          {t('rd.allowSelfApproval')}
        </label>
      )}
      {'onReject' in s && (
        <div className="rd-field">
          <span>{t('rd.onReject')}</span>
          {/* The route model knows one answer to a rejection today; it is shown, not hidden, so the designer knows it. */}
          <select aria-label={t('rd.onReject')} value={s.onReject} onChange={() => undefined}>
            <option value="create-point">{t('rd.onReject.create-point')}</option>
          </select>
        </div>
      )}
      {s.type === 'signing' && s.requiredRoles?.length ? (
        <p className="muted small">{t('rd.requiredRolesJson')}</p>
      ) : null}
      {s.type === 'registration' && (
        <label className="rd-field">
          <span>{t('rd.journal')}</span>
          <select
            value={s.journal}
            onChange={(e) => patch({ journal: e.target.value })}
            data-testid="rd-journal"
          >
            {!props.org.journals.some((j) => j.code === s.journal) && (
              <option value={s.journal}>{t('common.choose')}</option>
            )}
            {props.org.journals.map((j) => (
              <option key={j.code} value={j.code}>
                {tr(j.title)}
              </option>
            ))}
          </select>
        </label>
      )}
      {s.type === 'execution' && (
        <>
          <label className="rd-field">
            <span>{t('rd.control')}</span>
            <select
              value={s.control}
              onChange={(e) => patch({ control: e.target.value })}
              data-testid="rd-control"
            >
              {(['none', 'controlled', 'personal'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`control.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <ParticipantsEditor
            label={t('rd.acknowledgers')}
            value={s.acknowledgers}
            onChange={(acknowledgers) =>
              patch({ acknowledgers: acknowledgers.length ? acknowledgers : undefined })
            }
            org={props.org}
            testId="rd-acknowledgers"
          />
        </>
      )}
      <DeadlineEditor value={s.deadline} onChange={(deadline) => patch({ deadline })} />
      <label className="rd-field">
        <span>{t('rd.remindBefore')}</span>
        <input
          type="number"
          min={0}
          max={30}
          value={s.remindWorkingDaysBefore ?? ''}
          onChange={(e) =>
            patch({ remindWorkingDaysBefore: e.target.value === '' ? undefined : Number(e.target.value) })
          }
        />
      </label>
      <ParticipantsEditor
        label={t('rd.escalateTo')}
        value={s.escalateTo}
        onChange={(escalateTo) => patch({ escalateTo: escalateTo.length ? escalateTo : undefined })}
        org={props.org}
        testId="rd-escalate"
      />
      <label className="rd-field">
        <span>{t('rd.next')}</span>
        <select
          value={props.next ?? ''}
          onChange={(e) => e.target.value && props.onNext(e.target.value)}
          data-testid="rd-next"
        >
          <option value="">{t('rd.nextNone')}</option>
          {props.nextOptions.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="btn btn-danger btn-small"
        onClick={props.onRemove}
        data-testid="rd-remove-stage"
      >
        {t('rd.removeStage')}
      </button>
    </div>
  );
}
