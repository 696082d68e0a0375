/**
 * For designers: routes are versioned data (/api/routes). Edit a draft as JSON, see the server's validation
 * errors in place (each error selects its text and marks its stage in the diagram), dry-run it against a
 * sample document, save and publish. Published versions are immutable; running documents keep theirs.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiProblem, api, apiGet, isProblem, type FieldError } from '../api/client';
import type { RouteDefinition } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import { Link, navigate } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { Badge, Empty, Loading, PersonName, Section } from '../ui/widgets';
import { locate, pathOfField } from './json-locate';
import { RouteDiagram } from './route-diagram';

interface RouteSummary {
  key: string;
  latestVersion: number | null;
  draftUpdatedAt?: string;
}
interface RouteDetail {
  key: string;
  draft: RouteDefinition | null;
  versions: Array<{ version: number; publishedAt: string; publishedBy: string }>;
}
interface DryRun {
  stages: Array<{ id: string; type: string; participants: string[]; acknowledgers: string[]; deadline: unknown; problems: string[] }>;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

export function RouteEditorPage({ routeKey }: { routeKey?: string }) {
  const { t } = useI18n();
  const session = useSession();
  const list = useResource((signal) => apiGet<RouteSummary[]>('/api/routes', undefined, signal), []);
  const [newKey, setNewKey] = useState('');
  if (!hasRole(session, 'designer')) return <ProblemBanner error={new ApiProblem(403, t('problem.forbidden'), t('designer.onlyDesigners'))} />;
  return (
    <div className="page" data-testid="designer-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.workspace')}</div>
          <h1>{t('nav.designer')}</h1>
          <p className="muted">{t('designer.help')}</p>
        </div>
      </div>
      <div className="split">
        <aside className="card split-side">
          <div className="card-body">
            <ProblemBanner error={list.error} />
            {list.loading && <Loading />}
            <ul className="side-list">
              {(list.data ?? []).map((r) => (
                <li key={r.key}>
                  <Link to={`/designer/${r.key}`} className={`side-item${r.key === routeKey ? ' active' : ''}`}>
                    <span className="mono side-key">{r.key}</span>
                    <span className="side-meta">
                      {r.latestVersion ? `v${r.latestVersion}` : t('designer.unpublished')}
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
              <input placeholder={t('designer.newKey')} value={newKey} onChange={(e) => setNewKey(e.target.value.trim())} pattern="[a-z][a-z0-9-]{1,63}" />
              <button type="submit" className="btn btn-small">
                {t('designer.newRoute')}
              </button>
            </form>
          </div>
        </aside>
        <div className="split-main">{routeKey ? <RouteEditor key={routeKey} routeKey={routeKey} onSaved={list.reload} /> : <Empty>{t('designer.pick')}</Empty>}</div>
      </div>
    </div>
  );
}

function skeleton(key: string): RouteDefinition {
  return {
    key,
    title: { kk: key, ru: key },
    stages: [{ id: 'approval', type: 'approval', mode: 'sequential', quorum: 'all', participants: [{ kind: 'card-field', field: 'approvers' }], onReject: 'create-point' }],
  };
}

function RouteEditor({ routeKey, onSaved }: { routeKey: string; onSaved(): void }) {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const detail = useResource((signal) => apiGet<RouteDetail>(`/api/routes/${routeKey}`, undefined, signal).catch((e: unknown) => {
    if (isProblem(e) && e.status === 404) return { key: routeKey, draft: null, versions: [] } as RouteDetail;
    throw e;
  }), [routeKey]);
  const [text, setText] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [dryRun, setDryRun] = useState<DryRun>();
  const [sampleAuthor, setSampleAuthor] = useState<string | undefined>(session.me.employee.id);
  const [sample, setSample] = useState(pretty({ approvers: [], signer: '' }));
  const editor = useRef<HTMLTextAreaElement>(null);

  // The editor starts from the draft, else the newest published version, else a one-stage skeleton.
  useEffect(() => {
    const d = detail.data;
    if (!d || text !== undefined) return;
    const latest = d.versions.length ? Math.max(...d.versions.map((v) => v.version)) : undefined;
    if (d.draft) setText(pretty(d.draft));
    else if (latest) void apiGet<{ definition: RouteDefinition }>(`/api/routes/${routeKey}/versions/${latest}`).then((v) => setText(pretty(v.definition)));
    else setText(pretty(skeleton(routeKey)));
  }, [detail.data, routeKey, text]);

  const parsed = useMemo(() => {
    try {
      return { value: JSON.parse(text ?? '{}') as RouteDefinition };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [text]);

  const stageErrors = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const e of problem?.errors ?? []) {
      const path = pathOfField(e.field);
      if (path[0] === 'stages' && typeof path[1] === 'number') map.set(path[1], [...(map.get(path[1]) ?? []), `${path.slice(2).join('.') || 'stage'}: ${e.message}`]);
    }
    return map;
  }, [problem]);

  function select(e: FieldError) {
    const range = text ? locate(text, pathOfField(e.field)) : undefined;
    const area = editor.current;
    if (!range || !area) return;
    area.focus();
    area.setSelectionRange(range.start, range.end);
    // Scroll the selection into view: the line's share of the text's height.
    const line = text!.slice(0, range.start).split('\n').length;
    area.scrollTop = Math.max(0, (line - 4) * 19);
  }

  // The first mistake is selected in the editor as soon as the server names it.
  useEffect(() => {
    if (problem?.errors[0]) select(problem.errors[0]);
    // Only on a new problem: re-running on every edit would steal the caret while the designer types.
  }, [problem]);

  async function run(work: () => Promise<string | undefined>) {
    setBusy(true);
    setProblem(undefined);
    setMessage(undefined);
    try {
      setMessage(await work());
    } catch (err) {
      setProblem(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message));
    } finally {
      setBusy(false);
    }
  }
  const definition = () => {
    if (parsed.error) throw new ApiProblem(400, t('designer.badJson'), parsed.error);
    return parsed.value;
  };

  const validate = () => run(async () => (await api('POST', '/api/routes/validate', { body: definition() }), t('designer.valid')));
  const save = () =>
    run(async () => {
      await api('PUT', `/api/routes/${routeKey}/draft`, { body: definition() });
      onSaved();
      detail.reload();
      return t('designer.saved');
    });
  const publish = () =>
    run(async () => {
      await api('PUT', `/api/routes/${routeKey}/draft`, { body: definition() });
      const v = await api<{ version: number }>('POST', `/api/routes/${routeKey}/publish`);
      onSaved();
      detail.reload();
      return t('designer.published', { version: v.version });
    });
  const doDryRun = () =>
    run(async () => {
      let participants: unknown;
      try {
        participants = JSON.parse(sample);
      } catch (e) {
        throw new ApiProblem(400, t('designer.badJson'), (e as Error).message);
      }
      setDryRun(await api<DryRun>('POST', '/api/routes/dry-run', { body: { definition: definition(), sample: { authorId: sampleAuthor ?? session.me.employee.id, participants } } }));
      return undefined;
    });

  if (detail.loading && text === undefined) return <Loading />;
  return (
    <div className="stack">
      <ProblemBanner error={detail.error} />
      <Section title={t('designer.diagram')} subtitle={<span className="mono">{routeKey}</span>} testId="designer-diagram">
        {parsed.value && Array.isArray(parsed.value.stages) ? <RouteDiagram definition={parsed.value} errors={stageErrors} /> : <p className="muted">{t('designer.badJson')}: {parsed.error}</p>}
      </Section>
      <Section
        title={t('designer.editor')}
        actions={
          <>
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void validate()} data-testid="designer-validate">
              {t('designer.validate')}
            </button>
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void save()} data-testid="designer-save">
              {t('designer.saveDraft')}
            </button>
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void publish()} data-testid="designer-publish">
              {t('designer.publish')}
            </button>
          </>
        }
      >
        {message && <div className="note note-ok">{message}</div>}
        {problem && (
          <div className="problem" role="alert" data-testid="designer-problem">
            <div className="problem-head">
              <strong>{problem.title}</strong>
              {problem.status > 0 && <span className="problem-status">HTTP {problem.status}</span>}
            </div>
            {problem.errors.length === 0 && problem.detail && <p>{problem.detail}</p>}
            {problem.errors.length > 0 && (
              <ul className="problem-fields">
                {problem.errors.map((e, i) => (
                  <li key={i}>
                    <button type="button" className="link-button" onClick={() => select(e)} data-testid="designer-error">
                      <code>{pathOfField(e.field).join('.') || '(route)'}</code>
                    </button>{' '}
                    — {e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <textarea
          ref={editor}
          className={`code-editor${parsed.error ? ' code-invalid' : ''}`}
          spellCheck={false}
          value={text ?? ''}
          onChange={(e) => setText(e.target.value)}
          rows={24}
          data-testid="designer-json"
        />
        {parsed.error && <div className="field-error">{parsed.error}</div>}
      </Section>
      <Section title={t('designer.dryRun')} testId="designer-dry-run">
        <p className="muted small">{t('designer.dryRunHelp')}</p>
        <div className="form-grid">
          <Field label={t('designer.sampleAuthor')}>
            <PersonPicker value={sampleAuthor} onChange={setSampleAuthor} />
          </Field>
          <Field label={t('designer.sampleParticipants')} wide>
            <textarea className="mono" rows={4} value={sample} onChange={(e) => setSample(e.target.value)} />
          </Field>
        </div>
        <button type="button" className="btn" disabled={busy} onClick={() => void doDryRun()} data-testid="designer-dry-run-button">
          {t('designer.runDryRun')}
        </button>
        {dryRun && (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>{t('designer.stage')}</th>
                <th>{t('designer.participants')}</th>
                <th>{t('designer.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {dryRun.stages.map((s) => (
                <tr key={s.id} className={s.problems.length ? 'row-overdue' : undefined}>
                  <td>
                    <strong>{s.id}</strong> <span className="muted small">{s.type}</span>
                  </td>
                  <td>
                    {s.participants.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <PersonName id={id} />
                      </span>
                    ))}
                    {s.acknowledgers.length > 0 && <div className="muted small">+ {s.acknowledgers.length} {t('designer.acknowledgers')}</div>}
                  </td>
                  <td>{s.problems.length ? s.problems.join('; ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {detail.data && detail.data.versions.length > 0 && (
        <Section title={t('designer.versions')}>
          <ul className="plain-list">
            {detail.data.versions.map((v) => (
              <li key={v.version}>
                <strong>v{v.version}</strong> · {dateTime(v.publishedAt)} · <PersonName id={v.publishedBy} />{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void apiGet<{ definition: RouteDefinition }>(`/api/routes/${routeKey}/versions/${v.version}`).then((x) => setText(pretty(x.definition)))}
                >
                  {t('designer.loadVersion')}
                </button>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
