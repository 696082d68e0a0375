import { STANDARD_ROUTES } from '../../../db/seed/standard-routes';
import {
  addStage,
  checkGraph,
  connect,
  END_NODE,
  graphToRoute,
  nodeIdOf,
  removeNode,
  routeToGraph,
  START_NODE,
  tidy,
  updateStage,
} from '../../../domain/routes/route-graph';
import type { RouteDefinition } from '../../../domain/routes/route-model';

const letter = (): RouteDefinition =>
  structuredClone(STANDARD_ROUTES.find((r) => r.key === 'outgoing-letter')!);

describe('diagram ⇄ route', () => {
  it.each(STANDARD_ROUTES.map((r) => [r.key, r] as const))(
    'gives the seeded route %s back unchanged',
    (_key, route) => {
      const graph = routeToGraph(structuredClone(route));
      expect(graph.nodes).toHaveLength(route.stages.length + 2);
      const back = checkGraph(graph);
      expect(back.route).toEqual(route);
      expect(back.problems).toEqual([]);
      expect(back.routeIssues).toEqual([]);
      expect(back.nodeIssues.size).toBe(0);
      // And once more through JSON text, as the JSON tab does.
      expect(graphToRoute(routeToGraph(JSON.parse(JSON.stringify(back.route)))).route).toEqual(route);
    },
  );

  it('keeps the positions the designer gave the nodes', () => {
    const graph = routeToGraph(letter(), new Map([[nodeIdOf('signing'), { x: 999, y: 5 }]]));
    expect(graph.nodes.find((n) => n.id === nodeIdOf('signing'))!.position).toEqual({ x: 999, y: 5 });
    // Order comes from the arrows, not from where the nodes sit.
    expect(graphToRoute(graph).route.stages.map((s) => s.id)).toEqual([
      'approval',
      'signing',
      'registration',
    ]);
  });

  it('adds a stage off the chain and reports it until it is connected; connecting inserts it', () => {
    const { graph: withNew, nodeId } = addStage(routeToGraph(letter()), 'acknowledgement');
    const loose = checkGraph(withNew);
    expect(loose.problems).toEqual([{ nodeId, code: 'unreachable' }]);
    expect(loose.route.stages.map((s) => s.id)).toEqual([
      'approval',
      'signing',
      'registration',
      'acknowledgement',
    ]);

    const joined = connect(withNew, nodeIdOf('registration'), nodeId);
    const checked = checkGraph(joined);
    expect(checked.problems).toEqual([]);
    expect(checked.route.stages.map((s) => s.id)).toEqual([
      'approval',
      'signing',
      'registration',
      'acknowledgement',
    ]);
    expect(joined.edges.some((e) => e.source === nodeId && e.target === END_NODE)).toBe(true);
  });

  it('tidies the layout into route order without changing the route', () => {
    const { graph: withNew, nodeId } = addStage(routeToGraph(letter()), 'acknowledgement');
    const joined = connect(withNew, START_NODE, nodeId);
    const tidied = tidy(joined);
    const x = (id: string) => tidied.nodes.find((n) => n.id === id)!.position.x;
    expect(
      x(START_NODE) < x(nodeId) &&
        x(nodeId) < x(nodeIdOf('approval')) &&
        x(nodeIdOf('registration')) < x(END_NODE),
    ).toBe(true);
    expect(new Set(tidied.nodes.map((n) => n.position.y)).size).toBe(1);
    expect(graphToRoute(tidied).route).toEqual(graphToRoute(joined).route);
  });

  it('moves a stage by reconnecting, and joins the chain again when a stage is removed', () => {
    const graph = routeToGraph(letter());
    const removed = removeNode(graph, nodeIdOf('signing'));
    expect(checkGraph(removed).route.stages.map((s) => s.id)).toEqual(['approval', 'registration']);
    expect(checkGraph(removed).problems).toEqual([]);
    expect(removeNode(graph, START_NODE)).toBe(graph);
  });

  it('names the node at fault for a broken chain', () => {
    const graph = routeToGraph(letter());
    const cut = { ...graph, edges: graph.edges.filter((e) => e.source !== nodeIdOf('signing')) };
    const checked = checkGraph(cut);
    expect(checked.problems).toEqual(
      expect.arrayContaining([
        { nodeId: nodeIdOf('signing'), code: 'dead-end' },
        { nodeId: nodeIdOf('registration'), code: 'unreachable' },
      ]),
    );
    const loop = {
      ...graph,
      edges: [
        ...graph.edges.filter((e) => e.source !== nodeIdOf('signing')),
        { id: 'x', source: nodeIdOf('signing'), target: nodeIdOf('approval') },
      ],
    };
    expect(checkGraph(loop).problems).toContainEqual({ nodeId: nodeIdOf('signing'), code: 'cycle' });
  });

  it("puts the API schema's errors on the stage node, with the rule's name for cross-field rules", () => {
    const graph = routeToGraph(letter());
    const approvalNode = graph.nodes.find((n) => n.id === nodeIdOf('approval'))!;
    const noPeople = updateStage(graph, approvalNode.id, {
      ...approvalNode.stage!,
      participants: [],
    } as never);
    const issues = checkGraph(noPeople).nodeIssues.get(approvalNode.id)!;
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([['stages.0.participants', 'too_small']]);

    const { graph: withExec, nodeId } = addStage(graph, 'execution');
    const first = connect(withExec, START_NODE, nodeId);
    const checked = checkGraph(first);
    expect(checked.order[0]).toBe(nodeId);
    expect(checked.nodeIssues.get(nodeId)!.map((i) => i.rule)).toEqual(['registration-before-execution']);
    expect(checked.routeIssues).toEqual([]);

    const untitled = checkGraph({ ...graph, title: { kk: '', ru: 'Хат' } });
    expect(untitled.routeIssues.map((i) => i.path.join('.'))).toEqual(['title.kk']);
  });
});
