/**
 * The route as a picture: Create → stage → stage → … → Executed, with the ways back (a rejection returns to
 * the Create point; a controller may return the work for rework). Hand-drawn SVG, no diagram library: the
 * routes are short chains, and a stage with a validation error is outlined in red where the designer sees it.
 */
import type { ParticipantRef, RouteDefinition, StageDefinition } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';

const BOX_W = 156;
const BOX_H = 92;
const GAP = 36;
const PILL_W = 92;
const TOP = 34;
const PAD = 12;

const COLOR: Record<string, string> = {
  approval: '#2563eb',
  signing: '#7c3aed',
  registration: '#0d9488',
  execution: '#d97706',
  'control-removal': '#ea580c',
  acknowledgement: '#16a34a',
};

function participantLabel(p: ParticipantRef): string {
  switch (p.kind) {
    case 'employee':
      return p.employeeId;
    case 'position':
      return `⌂ ${p.positionId}`;
    case 'unit-head':
      return `head: ${p.unitId}`;
    case 'role':
      return `@${p.role}`;
    case 'card-field':
      return `card.${p.field}`;
    default:
      return p.kind;
  }
}

/** A stage type the designer mistyped is shown as typed, so the box matches the text. */
function typeLabel(type: unknown, t: (k: MessageKey) => string): string {
  const key = `stageType.${String(type)}` as MessageKey;
  const label = t(key);
  return label === key ? String(type ?? '?') : label;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function deadlineLabel(s: StageDefinition, t: (k: MessageKey, v?: Record<string, string | number>) => string): string | undefined {
  const d = s.deadline;
  if (!d) return undefined;
  if (d.hours) return t('route.hours', { n: d.hours });
  return t(d.kind === 'calendar' ? 'route.calendarDays' : 'route.workingDays', { n: d.days ?? 0 });
}

export function RouteDiagram(props: { definition: Pick<RouteDefinition, 'stages'>; currentStageId?: string; errors?: Map<number, string[]>; compact?: boolean }) {
  const { t } = useI18n();
  const stages = Array.isArray(props.definition.stages) ? props.definition.stages : [];
  const xOf = (i: number) => PAD + PILL_W + GAP + i * (BOX_W + GAP);
  const endX = xOf(stages.length);
  const width = endX + PILL_W + PAD;
  const returns = stages.map((s, i) => ({ s, i })).filter(({ s }) => s.onReject === 'create-point');
  const rework = stages.map((s, i) => ({ s, i })).filter(({ s }) => s.type === 'control-removal');
  const height = TOP + BOX_H + 26 + Math.max(returns.length, rework.length ? 1 : 0) * 18 + PAD;
  const midY = TOP + BOX_H / 2;

  return (
    <div className="diagram" data-testid="route-diagram">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={t('designer.diagram')}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10z" fill="#64748b" />
          </marker>
          <marker id="arrow-red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10z" fill="#dc2626" />
          </marker>
        </defs>
        <g>
          <rect x={PAD} y={midY - 18} width={PILL_W} height={36} rx={18} className="d-pill" />
          <text x={PAD + PILL_W / 2} y={midY + 4} textAnchor="middle" className="d-pill-text">
            {t('designer.createPoint')}
          </text>
        </g>
        {stages.map((s, i) => {
          const x = xOf(i);
          const errs = props.errors?.get(i);
          const color = COLOR[s.type] ?? '#475569';
          const people = (Array.isArray(s.participants) ? s.participants : []).map(participantLabel).join(', ');
          const mode = s.mode ? `${s.mode === 'parallel' ? '∥' : '→'} ${typeof s.quorum === 'object' ? `≥${s.quorum.atLeast}` : (s.quorum ?? '')}` : s.control ? t(`control.${s.control}` as MessageKey) : s.journal ? `№ ${s.journal}` : '';
          const deadline = deadlineLabel(s, t);
          return (
            <g key={`${s.id}-${i}`} className={`d-stage${errs ? ' d-error' : ''}${props.currentStageId === s.id ? ' d-current' : ''}`} data-testid="diagram-stage">
              <line x1={i === 0 ? PAD + PILL_W : xOf(i - 1) + BOX_W} y1={midY} x2={x - 2} y2={midY} className="d-edge" markerEnd="url(#arrow)" />
              <rect x={x} y={TOP} width={BOX_W} height={BOX_H} rx={10} className="d-box" />
              <rect x={x} y={TOP} width={BOX_W} height={6} rx={3} fill={color} />
              <text x={x + 12} y={TOP + 26} className="d-type" fill={color}>
                {clip(typeLabel(s.type, t), 22)}
              </text>
              <text x={x + 12} y={TOP + 44} className="d-id">
                {clip(String(s.title ?? s.id ?? '?'), 24)}
              </text>
              <text x={x + 12} y={TOP + 62} className="d-meta">
                {clip(people || '—', 26)}
              </text>
              <text x={x + 12} y={TOP + 80} className="d-meta">
                {clip([mode, deadline].filter(Boolean).join(' · '), 26)}
              </text>
              {errs && (
                <g>
                  <circle cx={x + BOX_W - 12} cy={TOP + 22} r={9} fill="#dc2626" />
                  <text x={x + BOX_W - 12} y={TOP + 26} textAnchor="middle" className="d-badge">
                    !
                  </text>
                  <title>{errs.join('\n')}</title>
                </g>
              )}
            </g>
          );
        })}
        <line x1={stages.length ? xOf(stages.length - 1) + BOX_W : PAD + PILL_W} y1={midY} x2={endX - 2} y2={midY} className="d-edge" markerEnd="url(#arrow)" />
        <rect x={endX} y={midY - 18} width={PILL_W} height={36} rx={18} className="d-pill d-pill-end" />
        <text x={endX + PILL_W / 2} y={midY + 4} textAnchor="middle" className="d-pill-text">
          {t('status.executed')}
        </text>
        {returns.map(({ s, i }, n) => {
          const from = xOf(i) + BOX_W / 2;
          const y = TOP + BOX_H + 16 + n * 18;
          const to = PAD + PILL_W / 2;
          return (
            <g key={`ret-${s.id}-${i}`}>
              <path d={`M${from} ${TOP + BOX_H} V${y} H${to} V${midY + 20}`} className="d-return" markerEnd="url(#arrow-red)" />
              <text x={from - 6} y={y - 4} textAnchor="end" className="d-return-text">
                {t('designer.onReject')}
              </text>
            </g>
          );
        })}
        {rework.map(({ s, i }) => {
          const exec = stages.findIndex((x) => x.type === 'execution');
          if (exec < 0) return null;
          const from = xOf(i) + BOX_W / 2 + 20;
          const to = xOf(exec) + BOX_W / 2 + 20;
          const y = TOP + BOX_H + 16;
          return (
            <g key={`rework-${s.id}-${i}`}>
              <path d={`M${from} ${TOP + BOX_H} V${y} H${to} V${TOP + BOX_H + 2}`} className="d-return d-rework" markerEnd="url(#arrow-red)" />
              <text x={from + 6} y={y + 12} className="d-return-text">
                {t('designer.rework')}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
