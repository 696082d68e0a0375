/**
 * A route as a graph the designer edits by hand: a Create point, one node per stage, an Executed end, and
 * the arrows between them. The route model runs its stages one after another (parallel work lives inside a
 * stage: parallel participants with a quorum), so a valid graph is one chain from Create to Executed; any
 * other shape (a stage nobody reaches, two arrows out of one stage, a loop) is a mistake shown on the node.
 *
 * Pure and library-neutral: the web designer maps these nodes onto its canvas, and the unit tests check that
 * route → graph → route gives the route back. Validation uses the same schema the API uses.
 */
import type { Stage, StageType, RouteDefinition } from './route-model';
import { routeDefinitionSchema } from './route-schema';

export const START_NODE = 'start';
export const END_NODE = 'end';

export interface GraphPosition {
  x: number;
  y: number;
}
export interface RouteGraphNode {
  id: string;
  kind: 'start' | 'end' | 'stage';
  /** Present on stage nodes; may be invalid while the designer works (the schema says what is wrong). */
  stage?: Stage;
  position: GraphPosition;
}
export interface RouteGraphEdge {
  id: string;
  source: string;
  target: string;
}
export interface RouteGraph {
  key: string;
  title: { kk: string; ru: string };
  nodes: RouteGraphNode[];
  edges: RouteGraphEdge[];
}

/** What is wrong with the shape of the graph, on the node at fault. */
export type GraphProblemCode = 'unreachable' | 'dead-end' | 'branch' | 'cycle' | 'end-unreachable';
export interface GraphProblem {
  nodeId: string;
  code: GraphProblemCode;
}

/** One schema issue, with its path inside the route (e.g. ["stages", 2, "quorum", "atLeast"]). */
export interface RouteIssue {
  path: Array<string | number>;
  code: string;
  message: string;
  /** The schema's name for a cross-field rule (see route-schema.ts), so the UI can say it in kk/ru. */
  rule?: string;
  /** For size limits: the bound. */
  minimum?: number;
  maximum?: number;
}

export const STAGE_GAP_X = 230;
const ROW_Y = 80;
const LOOSE_Y = 260;

export const nodeIdOf = (stageId: string) => `stage:${stageId}`;
export const edgeId = (source: string, target: string) => `${source}->${target}`;
const edge = (source: string, target: string): RouteGraphEdge => ({
  id: edgeId(source, target),
  source,
  target,
});

/**
 * The graph of a route: stages in a row between Create and Executed. Positions of nodes the designer already
 * placed are kept (by node id), so editing the JSON does not throw the canvas around.
 */
export function routeToGraph(route: RouteDefinition, keep?: Map<string, GraphPosition>): RouteGraph {
  const stages = Array.isArray(route.stages) ? route.stages : [];
  const used = new Set<string>();
  const ids = stages.map((s, i) => {
    // Two stages with one id are a mistake the schema reports; the canvas still needs two nodes.
    let id = nodeIdOf(String(s.id));
    if (used.has(id)) id = `${id}#${i}`;
    used.add(id);
    return id;
  });
  const at = (id: string, x: number): GraphPosition => keep?.get(id) ?? { x, y: ROW_Y };
  const nodes: RouteGraphNode[] = [
    { id: START_NODE, kind: 'start', position: at(START_NODE, 0) },
    ...stages.map((stage, i): RouteGraphNode => ({
      id: ids[i],
      kind: 'stage',
      stage,
      position: at(ids[i], (i + 1) * STAGE_GAP_X),
    })),
    { id: END_NODE, kind: 'end', position: at(END_NODE, (stages.length + 1) * STAGE_GAP_X) },
  ];
  const chain = [START_NODE, ...ids, END_NODE];
  const edges = chain.slice(1).map((target, i) => edge(chain[i], target));
  return { key: route.key, title: route.title, nodes, edges };
}

/** The stage nodes in route order: the chain from Create, then any stage off the chain, left to right. */
export function orderOf(graph: RouteGraph): { order: string[]; problems: GraphProblem[] } {
  const problems: GraphProblem[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, string[]>();
  for (const e of graph.edges)
    if (byId.has(e.source) && byId.has(e.target)) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const order: string[] = [];
  const seen = new Set<string>([START_NODE]);
  let at = START_NODE;
  let reachedEnd = false;
  for (;;) {
    const next = [...(out.get(at) ?? [])].sort((a, b) => byId.get(a)!.position.x - byId.get(b)!.position.x);
    if (next.length > 1) problems.push({ nodeId: at, code: 'branch' });
    const to = next[0];
    if (to === undefined) {
      if (at !== START_NODE || graph.nodes.some((n) => n.kind === 'stage'))
        problems.push({ nodeId: at, code: 'dead-end' });
      break;
    }
    if (to === END_NODE) {
      reachedEnd = true;
      break;
    }
    if (seen.has(to)) {
      problems.push({ nodeId: at, code: 'cycle' });
      break;
    }
    seen.add(to);
    order.push(to);
    at = to;
  }
  const loose = graph.nodes
    .filter((n) => n.kind === 'stage' && !seen.has(n.id))
    .sort((a, b) => a.position.x - b.position.x);
  for (const n of loose) {
    problems.push({ nodeId: n.id, code: 'unreachable' });
    order.push(n.id);
  }
  if (!reachedEnd && !problems.some((p) => p.code === 'dead-end' || p.code === 'cycle'))
    problems.push({ nodeId: END_NODE, code: 'end-unreachable' });
  return { order, problems };
}

/** The route the graph describes (stages in chain order), with what is wrong with its shape. */
export function graphToRoute(graph: RouteGraph): {
  route: RouteDefinition;
  order: string[];
  problems: GraphProblem[];
} {
  const { order, problems } = orderOf(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const stages = order.map((id) => byId.get(id)!.stage!);
  return { route: { key: graph.key, title: graph.title, stages }, order, problems };
}

/**
 * The route checked by the API's own schema; each issue about a stage is put on that stage's node, the rest
 * (key, title, "no stages") belong to the route as a whole.
 */
export function checkGraph(graph: RouteGraph): {
  route: RouteDefinition;
  order: string[];
  problems: GraphProblem[];
  nodeIssues: Map<string, RouteIssue[]>;
  routeIssues: RouteIssue[];
} {
  const { route, order, problems } = graphToRoute(graph);
  const nodeIssues = new Map<string, RouteIssue[]>();
  const routeIssues: RouteIssue[] = [];
  const parsed = routeDefinitionSchema.safeParse(route);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const item: RouteIssue = {
        path: issue.path,
        code: issue.code,
        message: issue.message,
        rule: issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined,
        minimum: issue.code === 'too_small' ? Number(issue.minimum) : undefined,
        maximum: issue.code === 'too_big' ? Number(issue.maximum) : undefined,
      };
      const [head, index] = issue.path;
      if (head === 'stages' && typeof index === 'number' && order[index])
        nodeIssues.set(order[index], [...(nodeIssues.get(order[index]) ?? []), item]);
      else routeIssues.push(item);
    }
  }
  return { route, order, problems, nodeIssues, routeIssues };
}

/** A fresh stage of a type, with the defaults a designer usually wants, under an id not yet used. */
export function newStage(type: StageType, usedIds: Iterable<string>): Stage {
  const used = new Set(usedIds);
  let id: string = type;
  for (let n = 2; used.has(id); n++) id = `${type}-${n}`;
  const people = [{ kind: 'author-unit-head' as const }];
  switch (type) {
    case 'approval':
      return {
        id,
        type,
        mode: 'sequential',
        quorum: 'all',
        participants: [{ kind: 'card-field', field: 'approvers' }],
        onReject: 'create-point',
      };
    case 'signing':
      return {
        id,
        type,
        mode: 'sequential',
        participants: [{ kind: 'card-field', field: 'signer' }],
        onReject: 'create-point',
      };
    case 'registration':
      return { id, type, journal: 'outgoing', participants: [{ kind: 'role', role: 'registrar' }] };
    case 'execution':
      return { id, type, participants: people, control: 'none' };
    case 'control-removal':
      return { id, type, participants: [{ kind: 'role', role: 'controller' }] };
    case 'acknowledgement':
      return { id, type, participants: [{ kind: 'author' }] };
  }
}

/** Adds a stage off the chain (below the row), for the designer to connect where it belongs. */
export function addStage(graph: RouteGraph, type: StageType): { graph: RouteGraph; nodeId: string } {
  const stage = newStage(
    type,
    graph.nodes.flatMap((n) => (n.stage ? [String(n.stage.id)] : [])),
  );
  const nodeId = nodeIdOf(stage.id);
  const loose = graph.nodes.filter((n) => n.position.y >= LOOSE_Y).length;
  const node: RouteGraphNode = {
    id: nodeId,
    kind: 'stage',
    stage,
    position: { x: STAGE_GAP_X * (1 + loose), y: LOOSE_Y },
  };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, nodeId };
}

/** Removes a stage; its predecessor is joined to its successor so the chain stays whole. */
export function removeNode(graph: RouteGraph, nodeId: string): RouteGraph {
  if (nodeId === START_NODE || nodeId === END_NODE) return graph;
  const into = graph.edges.filter((e) => e.target === nodeId).map((e) => e.source);
  const outOf = graph.edges.filter((e) => e.source === nodeId).map((e) => e.target);
  const edges = graph.edges.filter((e) => e.source !== nodeId && e.target !== nodeId);
  if (into.length === 1 && outOf.length === 1 && !edges.some((e) => e.source === into[0]))
    edges.push(edge(into[0], outOf[0]));
  return { ...graph, nodes: graph.nodes.filter((n) => n.id !== nodeId), edges };
}

/**
 * Draws an arrow source → target. A stage has one way on, so the source's old arrow goes; a stage that had
 * no way on yet is inserted: it takes over where the source used to lead (A → C with A → B before gives
 * A → C → B), which is how a designer drops a new stage into a chain with one gesture.
 */
export function connect(graph: RouteGraph, source: string, target: string): RouteGraph {
  if (source === target || source === END_NODE || target === START_NODE) return graph;
  const oldNext = graph.edges.find((e) => e.source === source)?.target;
  const targetHasNext = graph.edges.some((e) => e.source === target);
  let edges = graph.edges.filter((e) => e.source !== source && e.target !== target);
  edges.push(edge(source, target));
  if (oldNext && oldNext !== target && !targetHasNext && target !== END_NODE) {
    edges = edges.filter((e) => e.target !== oldNext);
    edges.push(edge(target, oldNext));
  }
  return { ...graph, edges };
}

export function disconnect(graph: RouteGraph, edgeIdToRemove: string): RouteGraph {
  return { ...graph, edges: graph.edges.filter((e) => e.id !== edgeIdToRemove) };
}

/** Lays the nodes out again as a row in route order (stages off the chain stay below it). */
export function tidy(graph: RouteGraph): RouteGraph {
  const { order, problems } = orderOf(graph);
  const loose = new Set(problems.filter((p) => p.code === 'unreachable').map((p) => p.nodeId));
  const chain = order.filter((id) => !loose.has(id));
  const place = new Map<string, GraphPosition>([[START_NODE, { x: 0, y: ROW_Y }]]);
  chain.forEach((id, i) => place.set(id, { x: (i + 1) * STAGE_GAP_X, y: ROW_Y }));
  place.set(END_NODE, { x: (chain.length + 1) * STAGE_GAP_X, y: ROW_Y });
  [...loose].forEach((id, i) => place.set(id, { x: (i + 1) * STAGE_GAP_X, y: LOOSE_Y }));
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: place.get(n.id) ?? n.position })) };
}

/** Replaces a stage's definition; the node keeps its id and place even if the stage id changes. */
export function updateStage(graph: RouteGraph, nodeId: string, stage: Stage): RouteGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, stage } : n)) };
}
