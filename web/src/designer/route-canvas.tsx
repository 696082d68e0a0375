/**
 * The route on a canvas (React Flow): the designer drags stages, draws arrows from a stage's right point to
 * the next one, deletes a stage or an arrow with Delete, and picks a stage to edit it in the side panel.
 * The canvas holds no state of its own: every change goes back to the route graph (domain/routes/route-graph),
 * which is the one source of truth the JSON tab and the checks read too.
 */
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useState } from 'react';
import {
  connect,
  disconnect,
  END_NODE,
  removeNode,
  START_NODE,
  type RouteGraph,
} from '../../../domain/routes/route-graph';
import type { ParticipantRef, Stage } from '../../../domain/routes/route-model';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';

export interface CanvasLabels {
  who(ref: ParticipantRef): string;
}

interface StageData extends Record<string, unknown> {
  stage: Stage;
  errors: string[];
  labels: CanvasLabels;
}
interface PillData extends Record<string, unknown> {
  end: boolean;
  errors: string[];
}

const COLOR: Record<string, string> = {
  approval: '#2563eb',
  signing: '#7c3aed',
  registration: '#0f766e',
  execution: '#b45309',
  'control-removal': '#c2410c',
  acknowledgement: '#15803d',
};

function Errors({ errors }: { errors: string[] }) {
  if (!errors.length) return null;
  return (
    <ul className="rd-node-errors" data-testid="rd-node-error">
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}

function StageNode({ data, selected }: NodeProps<Node<StageData>>) {
  const { t } = useI18n();
  const s = data.stage;
  const typeKey = `stageType.${String(s.type)}` as MessageKey;
  const typeLabel = t(typeKey) === typeKey ? t('rd.issue.type') : t(typeKey);
  const people = Array.isArray(s.participants)
    ? s.participants.map((p) => data.labels.who(p)).join(', ')
    : '';
  const d = s.deadline as { days?: number; hours?: number; kind?: string } | undefined;
  const deadline = d
    ? d.hours
      ? t('route.hours', { n: d.hours })
      : t(d.kind === 'calendar' ? 'route.calendarDays' : 'route.workingDays', { n: d.days ?? 0 })
    : undefined;
  const quorum =
    'quorum' in s
      ? typeof s.quorum === 'object' && s.quorum
        ? t('rd.quorumShort', { n: s.quorum.atLeast })
        : s.quorum === 'any'
          ? t('rd.quorum.any')
          : t('rd.quorum.all')
      : undefined;
  const mode = 'mode' in s ? t(s.mode === 'parallel' ? 'rd.mode.parallel' : 'rd.mode.sequential') : undefined;
  return (
    <div
      className={`rd-node${data.errors.length ? ' rd-node-bad' : ''}${selected ? ' rd-node-selected' : ''}`}
      style={{ borderTopColor: COLOR[s.type] ?? '#475569' }}
      data-testid="rd-node"
      data-stage-type={s.type}
      data-has-errors={data.errors.length ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Left} />
      <div className="rd-node-type" style={{ color: COLOR[s.type] ?? '#475569' }}>
        {typeLabel}
      </div>
      <div className="rd-node-title">{s.title || typeLabel}</div>
      <div className="rd-node-meta">{people || '—'}</div>
      <div className="rd-node-meta">{[mode, quorum, deadline].filter(Boolean).join(' · ')}</div>
      {'onReject' in s && <div className="rd-node-reject">↩ {t('rd.onReject')}</div>}
      <Errors errors={data.errors} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

function PillNode({ data }: NodeProps<Node<PillData>>) {
  const { t } = useI18n();
  return (
    <div
      className={`rd-pill${data.end ? ' rd-pill-end' : ''}${data.errors.length ? ' rd-node-bad' : ''}`}
      data-testid={data.end ? 'rd-end' : 'rd-start'}
    >
      {data.end && <Handle type="target" position={Position.Left} />}
      {t(data.end ? 'rd.end' : 'rd.start')}
      <Errors errors={data.errors} />
      {!data.end && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

const NODE_TYPES = { stage: StageNode, pill: PillNode };

export function RouteCanvas(props: {
  graph: RouteGraph;
  onChange(graph: RouteGraph): void;
  selected: string | undefined;
  onSelect(nodeId: string | undefined): void;
  errorsOf(nodeId: string): string[];
  labels: CanvasLabels;
}) {
  const { t } = useI18n();
  const { graph, onChange, selected, onSelect, errorsOf, labels } = props;
  // The flow is controlled: React Flow keeps a node hidden until it knows its size, and takes that size only from the
  // node objects given to it. The nodes below are rebuilt whenever the route, the selection or an error changes, so
  // the sizes it measured are kept here and given back; without them a rebuilt node could stay hidden for good
  // (its box did not change, so nothing measures it again).
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});

  const nodes = useMemo<Node[]>(
    () =>
      graph.nodes.map((n) =>
        n.kind === 'stage'
          ? {
              id: n.id,
              type: 'stage',
              position: n.position,
              measured: measured[n.id],
              selected: n.id === selected,
              data: { stage: n.stage!, errors: errorsOf(n.id), labels } satisfies StageData,
            }
          : {
              id: n.id,
              type: 'pill',
              position: { x: n.position.x, y: n.position.y + 30 },
              measured: measured[n.id],
              deletable: false,
              selected: false,
              data: { end: n.id === END_NODE, errors: errorsOf(n.id) } satisfies PillData,
            },
      ),
    [graph.nodes, selected, errorsOf, labels, measured],
  );
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        markerEnd: { type: MarkerType.ArrowClosed },
        ariaLabel: t('rd.removeLink'),
      })),
    [graph.edges, t],
  );

  function onNodesChange(changes: NodeChange[]) {
    let next = graph;
    const sized: Record<string, { width: number; height: number }> = {};
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) {
        sized[c.id] = c.dimensions;
      } else if (c.type === 'position' && c.position) {
        const pos =
          c.id === START_NODE || c.id === END_NODE ? { x: c.position.x, y: c.position.y - 30 } : c.position;
        next = { ...next, nodes: next.nodes.map((n) => (n.id === c.id ? { ...n, position: pos } : n)) };
      } else if (c.type === 'remove') {
        next = removeNode(next, c.id);
        if (c.id === selected) onSelect(undefined);
      } else if (c.type === 'select' && c.selected) {
        onSelect(c.id === START_NODE || c.id === END_NODE ? undefined : c.id);
      }
    }
    if (Object.keys(sized).length) setMeasured((known) => ({ ...known, ...sized }));
    if (next !== graph) onChange(next);
  }
  function onEdgesChange(changes: EdgeChange[]) {
    let next = graph;
    for (const c of changes) if (c.type === 'remove') next = disconnect(next, c.id);
    if (next !== graph) onChange(next);
  }

  const aria = useMemo(
    () => ({
      'node.a11yDescription.default': t('rd.a11y.node'),
      'node.a11yDescription.keyboardDisabled': t('rd.a11y.nodeKeyboard'),
      'node.a11yDescription.ariaLiveMessage': () => t('rd.a11y.moved'),
      'edge.a11yDescription.default': t('rd.a11y.edge'),
      'controls.ariaLabel': t('rd.a11y.controls'),
      'controls.zoomIn.ariaLabel': t('rd.a11y.zoomIn'),
      'controls.zoomOut.ariaLabel': t('rd.a11y.zoomOut'),
      'controls.fitView.ariaLabel': t('rd.a11y.fitView'),
      'controls.interactive.ariaLabel': t('rd.a11y.interactive'),
      'minimap.ariaLabel': t('rd.a11y.minimap'),
      'handle.ariaLabel': t('rd.a11y.handle'),
    }),
    [t],
  );

  return (
    <div className="rd-canvas" data-testid="rd-canvas" role="region" aria-label={t('rd.canvasLabel')}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(c) => c.source && c.target && onChange(connect(graph, c.source, c.target))}
        onPaneClick={() => onSelect(undefined)}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        minZoom={0.3}
        maxZoom={1.5}
        deleteKeyCode={['Delete', 'Backspace']}
        ariaLabelConfig={aria}
        // The library is credited in README ("Libraries and why"); an English link on a kk/ru screen is not.
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
