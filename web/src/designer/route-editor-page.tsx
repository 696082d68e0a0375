/**
 * For designers: routes are versioned data (/api/routes). A route is built on the diagram by hand — add,
 * connect, move and remove stages, edit the selected one in the side panel — with the JSON kept as a
 * secondary tab in sync both ways. Mistakes are found by the API's own schema as the designer works and
 * shown on the stage at fault. A dry run shows who would get each task for a sample document; publishing
 * makes a new immutable version and lists the running documents that stay on their older version.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  addStage,
  checkGraph,
  connect,
  END_NODE,
  removeNode,
  routeToGraph,
  tidy,
  updateStage,
  type GraphPosition,
  type RouteGraph,
} from '../../../domain/routes/route-graph';
import {
  CARD_PARTICIPANT_FIELDS,
  STAGE_TYPES,
  type CardParticipantField,
  type RouteDefinition,
  type StageType,
} from '../../../domain/routes/route-model';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import type { MessageKey } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import { Link, navigate } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';
import { graphProblemKey, issueKey } from './issue-text';
import { locate } from './json-locate';
import { RouteCanvas } from './route-canvas';
import { StagePanel, useWho, type OrgChoices } from './stage-panel';

interface RouteSummary {
  key: string;
  title?: { kk: string; ru: string };
  latestVersion: number | null;
  draftUpdatedAt?: string;
}
interface RouteDetail {
  key: string;
  draft: RouteDefinition | null;
  versions: Array<{ version: number; publishedAt: string; publishedBy: string }>;
}
type DryRunCode = 'nobody' | 'author-only-approver' | 'author-skipped';
interface DryRun {
  stages: Array<{
    id: string;
    type: string;
    participants: string[];
    acknowledgers: string[];
    problemCodes: DryRunCode[];
  }>;
}
interface RunningDocuments {
  latestVersion: number | null;
  running: number;
  onOlderVersions: number;
  documents: Array<{ id: string; title: string; status: string; version: number; number: string | null }>;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function RouteEditorPage({ routeKey }: { routeKey?: string }) {
  const { t, tr } = useI18n();
  const session = useSession();
  const list = useResource((signal) => apiGet<RouteSummary[]>('/api/routes', undefined, signal), []);
  const [newKey, setNewKey] = useState('');
  if (!hasRole(session, 'designer'))
    return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('designer.onlyDesigners'))} />;
  const routes = (
    <>
      <ProblemBanner error={list.error} />
      {list.loading && <Loading />}
      <ul className="side-list">
        {(list.data ?? []).map((r) => (
          <li key={r.key}>
            <Link
              to={`/designer/${r.key}`}
              className={`side-item${r.key === routeKey ? ' active' : ''}`}
            >
              <span className="side-key">{r.title ? tr(r.title) : t('designer.draft')}</span>
              <span className="side-meta">
                {r.latestVersion
                  ? t('rd.versionShort', { n: r.latestVersion })
                  : t('designer.unpublished')}
                {r.draftUpdatedAt && <Badge tone="warn">{t('designer.draft')}</Badge>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (newKey) navigate(`/designer/${newKey}`);
        }}
      >
        <input
          aria-label={t('designer.newKey')}
          placeholder={t('designer.newKey')}
          value={newKey}
          onChange={(e) => setNewKey(e.target.value.trim())}
          pattern="[a-z][a-z0-9-]{1,63}"
          data-testid="designer-new-key"
        />
        <button type="submit" className="btn btn-small" data-testid="designer-new-route">
          {t('designer.newRoute')}
        </button>
      </form>
    </>
  );
  return (
    <div className="page" data-testid="designer-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.designer')}</h1>
          <p className="muted">{t('designer.help')}</p>
        </div>
      </div>
      {/* While a route is open the canvas needs the width: the list folds into a bar above the editor. */}
      <div className={`split${routeKey ? ' split-wide' : ''}`}>
        {routeKey ? (
          <details className="card split-side rd-route-picker" data-testid="designer-routes">
            <summary>{t('designer.allRoutes', { n: list.data?.length ?? '…' })}</summary>
            <div className="card-body">{routes}</div>
          </details>
        ) : (
          <aside className="card split-side">
            <div className="card-body">{routes}</div>
          </aside>
        )}
        <div className="split-main">
          {routeKey ? (
            <RouteEditor key={routeKey} routeKey={routeKey} onSaved={list.reload} />
          ) : (
            <Empty>{t('designer.pick')}</Empty>
          )}
        </div>
      </div>
    </div>
  );
}

function skeleton(key: string): RouteDefinition {
  return {
    key,
    title: { kk: 'Жаңа маршрут', ru: 'Новый маршрут' },
    stages: [
      {
        id: 'approval',
        type: 'approval',
        mode: 'sequential',
        quorum: 'all',
        participants: [{ kind: 'card-field', field: 'approvers' }],
        onReject: 'create-point',
      },
    ],
  };
}

function useOrgChoices(): OrgChoices {
  const positions = useResource(
    (signal) => apiGet<OrgChoices['positions']>('/api/org/positions', undefined, signal),
    [],
  );
  const units = useResource((signal) => apiGet<OrgChoices['units']>('/api/org/units', undefined, signal), []);
  // Journals are listed for designers too; if the list is refused, the journal stays as the definition has it.
  const journals = useResource(
    (signal) => apiGet<OrgChoices['journals']>('/api/journals', undefined, signal).catch(() => []),
    [],
  );
  return useMemo(
    () => ({ positions: positions.data ?? [], units: units.data ?? [], journals: journals.data ?? [] }),
    [positions.data, units.data, journals.data],
  );
}

function RouteEditor({ routeKey, onSaved }: { routeKey: string; onSaved(): void }) {
  const { t, dateTime, lang } = useI18n();
  const detail = useResource(
    (signal) =>
      apiGet<RouteDetail>(`/api/routes/${routeKey}`, undefined, signal).catch((e: unknown) => {
        if (isProblem(e) && e.status === 404)
          return { key: routeKey, draft: null, versions: [] } as RouteDetail;
        throw e;
      }),
    [routeKey],
  );
  const running = useResource(
    (signal) => apiGet<RunningDocuments>(`/api/routes/${routeKey}/running-documents`, undefined, signal),
    [routeKey],
  );
  const org = useOrgChoices();
  const who = useWho(org);
  const [graph, setGraph] = useState<RouteGraph>();
  const [selected, setSelected] = useState<string>();
  const [tab, setTab] = useState<'diagram' | 'json'>('diagram');
  const [jsonText, setJsonText] = useState<string>();
  const [jsonError, setJsonError] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [published, setPublished] = useState<{ version: number; running: RunningDocuments }>();
  const [addType, setAddType] = useState<StageType>('approval');
  const jsonArea = useRef<HTMLTextAreaElement>(null);

  const load = useCallback((route: RouteDefinition) => {
    setGraph(routeToGraph(route));
    setSelected(undefined);
    setJsonText(undefined);
  }, []);

  // The editor starts from the draft, else the newest published version, else a one-stage skeleton.
  useEffect(() => {
    const d = detail.data;
    if (!d || graph) return;
    const latest = d.versions.length ? Math.max(...d.versions.map((v) => v.version)) : undefined;
    if (d.draft) load(d.draft);
    else if (latest)
      void apiGet<{ definition: RouteDefinition }>(`/api/routes/${routeKey}/versions/${latest}`).then((v) =>
        load(v.definition),
      );
    else load(skeleton(routeKey));
  }, [detail.data, routeKey, graph, load]);

  const checked = useMemo(() => (graph ? checkGraph(graph) : undefined), [graph]);
  const errorsOf = useCallback(
    (nodeId: string) => {
      if (!checked) return [];
      return [
        ...checked.problems.filter((p) => p.nodeId === nodeId).map((p) => t(graphProblemKey(p.code))),
        ...(checked.nodeIssues.get(nodeId) ?? []).map((i) => t(issueKey(i))),
      ].filter((m, i, all) => all.indexOf(m) === i);
    },
    [checked, t],
  );
  const errorCount = checked
    ? checked.problems.length +
      checked.routeIssues.length +
      [...checked.nodeIssues.values()].reduce((n, l) => n + l.length, 0)
    : 0;
  const labels = useMemo(() => ({ who }), [who]);

  if (!graph || !checked) return detail.error ? <ProblemBanner error={detail.error} /> : <Loading />;

  const change = (next: RouteGraph) => {
    setGraph(next);
    setPublished(undefined);
    setMessage(undefined);
  };
  const positions = () => new Map<string, GraphPosition>(graph.nodes.map((n) => [n.id, n.position]));
  const onJson = (text: string) => {
    setJsonText(text);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      setJsonError((e as Error).message);
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      setJsonError(t('rd.jsonNotObject'));
      return;
    }
    setJsonError(undefined);
    const route = value as RouteDefinition;
    const next = routeToGraph(
      { ...route, stages: Array.isArray(route.stages) ? route.stages : [] },
      positions(),
    );
    if (selected && !next.nodes.some((n) => n.id === selected)) setSelected(undefined);
    change(next);
  };

  async function run(work: () => Promise<string | undefined>) {
    setBusy(true);
    setProblem(undefined);
    setMessage(undefined);
    try {
      setMessage(await work());
    } catch (err) {
      setProblem(isProblem(err) ? err : new ApiProblem(0, t('designer.problems'), (err as Error).message));
    } finally {
      setBusy(false);
    }
  }
  const save = () =>
    run(async () => {
      // The server would refuse it with the same schema; saying so here keeps the message in kk/ru.
      if (errorCount) return t('rd.saveFix');
      await api('PUT', `/api/routes/${routeKey}/draft`, { body: checked.route });
      onSaved();
      detail.reload();
      return t('designer.saved');
    });
  const publish = () =>
    run(async () => {
      if (errorCount) return t('rd.publishFix');
      await api('PUT', `/api/routes/${routeKey}/draft`, { body: checked.route });
      const v = await api<{ version: number }>('POST', `/api/routes/${routeKey}/publish`);
      const after = await apiGet<RunningDocuments>(`/api/routes/${routeKey}/running-documents`);
      setPublished({ version: v.version, running: after });
      onSaved();
      detail.reload();
      running.reload();
      return undefined;
    });

  const selectedNode = graph.nodes.find((n) => n.id === selected && n.kind === 'stage');
  const stageLabel = (nodeId: string) => {
    const n = graph.nodes.find((x) => x.id === nodeId);
    if (!n) return '';
    if (n.id === END_NODE) return t('rd.end');
    if (!n.stage) return t('rd.start');
    return n.stage.title || t(`stageType.${n.stage.type}` as MessageKey);
  };

  return (
    <div className="stack">
      <ProblemBanner error={detail.error} />
      <Section
        title={`${t('designer.diagram')}: ${routeTitle(graph, lang)}`}
        testId="designer-diagram"
        actions={
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => void save()}
              data-testid="designer-save"
            >
              {t('designer.saveDraft')}
            </button>
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={busy}
              onClick={() => void publish()}
              data-testid="designer-publish"
            >
              {t('designer.publish')}
            </button>
          </>
        }
      >
        {message && (
          <div className="note note-ok" role="status" data-testid="designer-message">
            {message}
          </div>
        )}
        <ProblemBanner error={problem} />
        <div
          className={`note ${errorCount ? 'note-warn' : 'note-ok'}`}
          data-testid="rd-error-summary"
          data-count={errorCount}
        >
          {errorCount ? t('rd.errorsCount', { n: errorCount }) : t('rd.noErrors')}
          {checked.routeIssues.length > 0 && (
            <ul>
              {checked.routeIssues.map((i, n) => (
                <li key={n}>{t(issueKey(i))}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="rd-tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'diagram'}
            className={`rd-tab${tab === 'diagram' ? ' active' : ''}`}
            onClick={() => setTab('diagram')}
            data-testid="rd-tab-diagram"
          >
            {t('rd.tabDiagram')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'json'}
            className={`rd-tab${tab === 'json' ? ' active' : ''}`}
            onClick={() => {
              setJsonText(undefined);
              setJsonError(undefined);
              setTab('json');
            }}
            data-testid="rd-tab-json"
          >
            {t('rd.tabJson')}
          </button>
        </div>
        {tab === 'diagram' ? (
          <>
            <p className="muted small">{t('rd.canvasHelp')}</p>
            <div className="rd-toolbar">
              <select
                aria-label={t('rd.addStageOf')}
                value={addType}
                onChange={(e) => setAddType(e.target.value as StageType)}
                data-testid="rd-add-type"
              >
                {STAGE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`stageType.${type}` as MessageKey)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  const added = addStage(graph, addType);
                  change(added.graph);
                  setSelected(added.nodeId);
                }}
                data-testid="rd-add-stage"
              >
                + {t('rd.addStage')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => change(tidy(graph))}
                data-testid="rd-tidy"
              >
                {t('rd.tidy')}
              </button>
            </div>
            <div className="rd-layout">
              <RouteCanvas
                graph={graph}
                onChange={change}
                selected={selected}
                onSelect={setSelected}
                errorsOf={errorsOf}
                labels={labels}
              />
              <aside className="rd-side card" aria-label={t('rd.routeProps')}>
                {selectedNode?.stage ? (
                  <StagePanel
                    key={selectedNode.id}
                    stage={selectedNode.stage}
                    onChange={(stage) => change(updateStage(graph, selectedNode.id, stage))}
                    onRemove={() => {
                      change(removeNode(graph, selectedNode.id));
                      setSelected(undefined);
                    }}
                    errors={errorsOf(selectedNode.id)}
                    org={org}
                    next={graph.edges.find((e) => e.source === selectedNode.id)?.target}
                    nextOptions={graph.nodes
                      .filter((n) => n.id !== selectedNode.id && n.kind !== 'start')
                      .map((n) => ({ id: n.id, label: stageLabel(n.id) }))}
                    onNext={(target) => change(connect(graph, selectedNode.id, target))}
                  />
                ) : (
                  <div className="rd-panel" data-testid="rd-route-panel">
                    <h3>{t('rd.routeProps')}</h3>
                    <label className="rd-field">
                      <span>{t('rd.routeTitleKk')}</span>
                      <input
                        value={graph.title?.kk ?? ''}
                        onChange={(e) => change({ ...graph, title: { ...graph.title, kk: e.target.value } })}
                        data-testid="rd-title-kk"
                      />
                    </label>
                    <label className="rd-field">
                      <span>{t('rd.routeTitleRu')}</span>
                      <input
                        value={graph.title?.ru ?? ''}
                        onChange={(e) => change({ ...graph, title: { ...graph.title, ru: e.target.value } })}
                        data-testid="rd-title-ru"
                      />
                    </label>
                    <p className="muted small">{t('rd.pickNode')}</p>
                  </div>
                )}
              </aside>
            </div>
          </>
        ) : (
          <div className="rd-json">
            <p className="muted small">{t('rd.jsonHelp')}</p>
            <textarea
              ref={jsonArea}
              className={`code-editor${jsonError ? ' code-invalid' : ''}`}
              spellCheck={false}
              rows={26}
              aria-label={t('rd.tabJson')}
              value={jsonText ?? pretty(checked.route)}
              onChange={(e) => onJson(e.target.value)}
              data-testid="designer-json"
            />
            {!jsonError && errorCount > 0 && (
              // Each mistake selects its text in the JSON, where the designer is looking now.
              <ul className="rd-panel-errors" data-testid="rd-json-issues">
                {[...checked.routeIssues, ...[...checked.nodeIssues.values()].flat()].map((issue, n) => (
                  <li key={n}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        const area = jsonArea.current;
                        const range = area ? locate(area.value, issue.path) : undefined;
                        if (!area || !range) return;
                        area.focus();
                        area.setSelectionRange(range.start, range.end);
                      }}
                    >
                      {t(issueKey(issue))}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {jsonError && (
              <div className="field-error" role="alert">
                {t('designer.badJson')}: {jsonError}
              </div>
            )}
          </div>
        )}
      </Section>
      <DryRunSection
        route={checked.route}
        valid={errorCount === 0}
        labelOf={(i) => stageLabel(checked.order[i])}
      />
      <Section title={t('designer.versions')} testId="rd-publish">
        {published ? (
          <Impact version={published.version} running={published.running} />
        ) : (
          running.data && (
            <p className="muted" data-testid="rd-impact-before">
              {t('rd.impactBefore', { n: running.data.running })}
            </p>
          )
        )}
        {detail.data && detail.data.versions.length > 0 && (
          <ul className="plain-list">
            {detail.data.versions.map((v) => (
              <li key={v.version}>
                <strong>{t('rd.versionShort', { n: v.version })}</strong> · {dateTime(v.publishedAt)} ·{' '}
                <PersonName id={v.publishedBy} />{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    void apiGet<{ definition: RouteDefinition }>(
                      `/api/routes/${routeKey}/versions/${v.version}`,
                    ).then((x) => load(x.definition))
                  }
                >
                  {t('designer.loadVersion')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

function routeTitle(graph: RouteGraph, lang: 'kk' | 'ru') {
  return graph.title?.[lang] || graph.title?.kk || graph.title?.ru || '';
}

function Impact({ version, running }: { version: number; running: RunningDocuments }) {
  const { t } = useI18n();
  return (
    <div data-testid="rd-impact-after" data-count={running.onOlderVersions}>
      <div className="note note-ok" role="status">
        {t('rd.impactAfter', { version, n: running.onOlderVersions })}
      </div>
      {running.onOlderVersions === 0 ? (
        <p className="muted">{t('rd.impactNone')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('rd.docNumber')}</th>
              <th>{t('rd.docTitle')}</th>
              <th>{t('rd.docVersion')}</th>
              <th>{t('rd.docStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {running.documents.map((d) => (
              <tr key={d.id} data-testid="rd-impact-doc">
                <td>
                  <Link to={`/documents/${d.id}`}>{d.number ?? t('rd.noNumber')}</Link>
                </td>
                <td>{d.title}</td>
                <td>{t('rd.versionShort', { n: d.version })}</td>
                <td>{t(`status.${d.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {running.documents.length < running.onOlderVersions && (
        <p className="muted small">{t('rd.impactShown', { n: running.documents.length })}</p>
      )}
    </div>
  );
}

/** The card fields the route asks for, so the sample document names only those people. */
function cardFieldsOf(route: RouteDefinition): CardParticipantField[] {
  const used = new Set<string>();
  for (const s of route.stages) {
    const refs = [
      ...(Array.isArray(s.participants) ? s.participants : []),
      ...(s.type === 'execution' ? (s.acknowledgers ?? []) : []),
    ];
    for (const r of refs) if (r?.kind === 'card-field') used.add(r.field);
  }
  return CARD_PARTICIPANT_FIELDS.filter((f) => used.has(f));
}

function DryRunSection({
  route,
  valid,
  labelOf,
}: {
  route: RouteDefinition;
  valid: boolean;
  labelOf(index: number): string;
}) {
  const { t } = useI18n();
  const session = useSession();
  const staff = [...session.people.values()]
    .filter((p) => p.status === 'active')
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
  const [author, setAuthor] = useState(session.me.employee.id);
  const [card, setCard] = useState<Partial<Record<CardParticipantField, string[]>>>({});
  const [result, setResult] = useState<DryRun>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [note, setNote] = useState<string>();
  const fields = cardFieldsOf(route);

  async function go() {
    setProblem(undefined);
    setNote(undefined);
    setResult(undefined);
    if (!valid) {
      setNote(t('rd.dryRunFix'));
      return;
    }
    const participants: Record<string, string | string[]> = {};
    for (const f of fields) {
      const ids = card[f] ?? [];
      // The single-person fields (signer, executor) are one id on a real card.
      participants[f] = f === 'signer' || f === 'executor' ? (ids[0] ?? '') : ids;
    }
    try {
      setResult(
        await api<DryRun>('POST', '/api/routes/dry-run', {
          body: { definition: route, sample: { authorId: author, participants } },
        }),
      );
    } catch (e) {
      setProblem(isProblem(e) ? e : new ApiProblem(0, t('designer.problems'), (e as Error).message));
    }
  }

  const personSelect = (value: string, onChange: (id: string) => void, label: string, testId?: string) => (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{t('common.choose')}</option>
      {staff.map((p) => (
        <option key={p.id} value={p.id}>
          {p.fullName}
        </option>
      ))}
    </select>
  );

  return (
    <Section title={t('designer.dryRun')} testId="designer-dry-run">
      <p className="muted small">{t('designer.dryRunHelp')}</p>
      <div className="form-grid">
        <label className="rd-field">
          <span>{t('rd.dryRunAuthor')}</span>
          {personSelect(author, setAuthor, t('rd.dryRunAuthor'), 'rd-dry-author')}
        </label>
        {fields.map((f) => {
          const label = t('rd.dryRunField', { field: t(`participant.${f}` as MessageKey) });
          const ids = card[f] ?? [];
          return (
            <div className="rd-field" key={f}>
              <span>{label}</span>
              <div className="chips">
                {ids.map((id) => (
                  <span className="chip" key={id}>
                    {session.people.get(id)?.fullName ?? t('rd.who.employee')}
                    <button
                      type="button"
                      aria-label={t('common.remove')}
                      onClick={() => setCard({ ...card, [f]: ids.filter((x) => x !== id) })}
                    >
                      ×
                    </button>
                  </span>
                ))}
              </div>
              {personSelect(
                '',
                (id) =>
                  id &&
                  setCard({
                    ...card,
                    [f]: f === 'signer' || f === 'executor' ? [id] : [...ids.filter((x) => x !== id), id],
                  }),
                label,
                `rd-dry-${f}`,
              )}
            </div>
          );
        })}
      </div>
      <button type="button" className="btn" onClick={() => void go()} data-testid="designer-dry-run-button">
        {t('designer.runDryRun')}
      </button>
      {note && <div className="note note-warn">{note}</div>}
      <ProblemBanner error={problem} />
      {result && (
        <table className="table table-compact" data-testid="rd-dry-result">
          <thead>
            <tr>
              <th>{t('designer.stage')}</th>
              <th>{t('designer.participants')}</th>
              <th>{t('designer.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {result.stages.map((s, i) => (
              <tr
                key={`${s.id}-${i}`}
                className={s.problemCodes.length ? 'row-overdue' : undefined}
                data-testid="rd-dry-stage"
              >
                <td>
                  <strong>{labelOf(i)}</strong>{' '}
                  <span className="muted small">{t(`stageType.${s.type}` as MessageKey)}</span>
                </td>
                <td>
                  {s.participants.map((id, n) => (
                    <span key={id}>
                      {n > 0 && ', '}
                      <PersonName id={id} />
                    </span>
                  ))}
                  {s.acknowledgers.length > 0 && (
                    <div className="muted small">
                      {t('rd.acknowledgers')}:{' '}
                      {s.acknowledgers.map((id, n) => (
                        <span key={id}>
                          {n > 0 && ', '}
                          <PersonName id={id} />
                        </span>
                      ))}
                    </div>
                  )}
                </td>
                <td>
                  {s.problemCodes.length ? s.problemCodes.map((c) => t(`rd.dryRun.${c}`)).join(' ') : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
