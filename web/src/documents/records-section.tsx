/**
 * The records side of the card: the registration-control card and its edit form (sent with the card version
 * it was read at, so someone else's change is refused, never overwritten), links to other documents both
 * ways, filing into a file of the nomenclature, printed forms, and the card's edits with old and new values.
 */
import { useState, type FormEvent } from 'react';
import { api, apiGet, apiPost, ApiProblem, isProblem } from '../api/client';
import { openFile } from '../api/download';
import type { Bilingual, DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { Link, navigate } from '../router/router';
import { hasRole, useSession } from '../session/session-context';
import { ProblemBanner } from '../ui/problem-view';
import { Empty, KeyValues, PersonName, Section } from '../ui/widgets';
import { DateInput } from '../ui/date-input';

type CardDoc = DocumentView;

interface LinkRow {
  id?: string;
  kind: 'in-reply-to' | 'refers-to' | 'cancels' | 'amends';
  documentId?: string;
  number: string;
  date: string;
  title?: string;
}
interface Links {
  cardVersion: number;
  links: LinkRow[];
  linkedFrom: Array<LinkRow & { documentId: string; title: string }>;
}
interface Edit {
  version: number;
  kind: string;
  actorId: string;
  at: string;
  changes: Array<{ field: string; old: unknown; new: unknown }>;
}
interface CaseFile {
  id: string;
  index: string;
  title: Bilingual;
}
interface Filing {
  filedIn?: string;
  items: CaseFile[];
}

const LINK_KINDS = ['in-reply-to', 'refers-to', 'cancels', 'amends'] as const;
const CARD_TEXT_FIELDS = ['issueNature', 'addresseeBody', 'addresseePerson', 'executorPhone'] as const;
const FORMS = ['control-card', 'registration-stamp', 'resolution-form', 'control-sheet'] as const;

/** YYYY-MM-DD → DD.MM.YYYY, as a clerk writes it. */
const clerkDate = (day: string) => day.split('-').reverse().join('.');

export function RecordsSection({ doc, onChanged }: { doc: CardDoc; onChanged: (next: DocumentView) => void }) {
  const { t, tr, dateTime } = useI18n();
  const session = useSession();
  const [error, setError] = useState<ApiProblem>();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = encodeURIComponent(doc.id);
  const version = doc.cardVersion ?? 0;
  const links = useResource((signal) => apiGet<Links>(`/api/documents/${id}/links`, undefined, signal), [doc.id, version]);
  const edits = useResource((signal) => apiGet<{ items: Edit[] }>(`/api/documents/${id}/edits`, undefined, signal), [doc.id, version]);
  const status = doc.workflow?.status ?? doc.status;
  const filing = useResource((signal) => apiGet<Filing>(`/api/documents/${id}/filing`, undefined, signal), [doc.id, status]);
  const card = (doc.registrationCard ?? {}) as Record<string, string | number | null | undefined>;
  const isRegistrar = hasRole(session, 'registrar');

  const run = async (work: () => Promise<void>) => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setError(isProblem(err) ? err : new ApiProblem(0, 'Error', (err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const save = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? null : v;
    };
    const num = (name: string) => (text(name) === null ? null : Number(text(name)));
    const changes: Record<string, unknown> = {};
    const put = (field: string, value: unknown, old: unknown) => {
      if ((value ?? null) !== (old ?? null)) changes[field] = value;
    };
    put('title', text('title') ?? doc.title, doc.title);
    put('summary', text('summary'), doc.summary);
    put('correspondent', text('correspondent'), doc.correspondent);
    for (const f of CARD_TEXT_FIELDS) put(f, text(f), card[f]);
    put('sheetsMain', num('sheetsMain'), card.sheetsMain);
    put('sheetsAttachments', num('sheetsAttachments'), card.sheetsAttachments);
    put('paperForm', text('paperForm'), card.paperForm);
    void run(async () => {
      const next = await api<DocumentView>('PATCH', `/api/documents/${id}`, { body: { version, changes } });
      setEditing(false);
      onChanged(next);
    });
  };

  const addLink = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const target = e.currentTarget;
    void run(async () => {
      await apiPost(`/api/documents/${id}/links`, { kind: form.get('kind'), number: String(form.get('number') ?? '').trim() || undefined, date: String(form.get('date') ?? '') || undefined, version });
      target.reset();
      onChanged(await apiGet<DocumentView>(`/api/documents/${id}`));
    });
  };

  const reply = () =>
    run(async () => {
      const title = t('records.replyTitle', { title: doc.title });
      const created = await apiPost<DocumentView>('/api/documents', { type: 'outgoing-letter', title, language: doc.language, inReplyTo: doc.id, participants: {}, fields: {} });
      navigate(`/documents/${encodeURIComponent(created.id)}`);
    });

  const fileInto = (fileId: string) =>
    run(async () => {
      await apiPost(`/api/documents/${id}/filing`, { fileId });
      filing.reload();
      onChanged(await apiGet<DocumentView>(`/api/documents/${id}`));
    });

  const newVersion = () =>
    run(async () => {
      const created = await apiPost<DocumentView>(`/api/documents/${id}/versions`);
      navigate(`/documents/${encodeURIComponent(created.id)}`);
    });

  const value = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? ((v as LinkRow).number ? `№ ${(v as LinkRow).number}` : '…') : String(v));
  const fieldLabel = (field: string): string => {
    const key = (CARD_TEXT_FIELDS as readonly string[]).includes(field) || field.startsWith('sheets') || field === 'paperForm' ? `records.${field}` : `records.field.${field}`;
    const label = t(key as MessageKey);
    return label === key ? field : label;
  };
  const paperLabel = (v: unknown) => (v ? t(`records.paper.${String(v)}` as MessageKey) : '—');
  const filedFile = filing.data?.filedIn;
  const incoming = doc.type.startsWith('incoming');

  return (
    <Section
      title={t('records.card')}
      testId="doc-records"
      actions={
        !editing && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)} data-testid="card-edit">
            {t('records.edit')}
          </button>
        )
      }
    >
      <ProblemBanner error={error} onDismiss={() => setError(undefined)} />
      {error?.status === 409 && error.detail?.includes('version') && <div className="note note-warn">{t('records.conflict')}</div>}
      {editing ? (
        <form className="form" onSubmit={save} data-testid="card-edit-form">
          <p className="muted">{t('records.editHint')}</p>
          <label>
            {t('records.field.title')}
            <input name="title" defaultValue={doc.title} />
          </label>
          <label>
            {t('records.field.summary')}
            <textarea name="summary" defaultValue={doc.summary ?? ''} rows={3} />
          </label>
          <label>
            {t('records.field.correspondent')}
            <input name="correspondent" defaultValue={doc.correspondent ?? ''} />
          </label>
          {CARD_TEXT_FIELDS.map((f) => (
            <label key={f}>
              {t(`records.${f}` as MessageKey)}
              <input name={f} defaultValue={String(card[f] ?? '')} />
            </label>
          ))}
          <label>
            {t('records.sheetsMain')}
            <input name="sheetsMain" type="number" min={0} defaultValue={card.sheetsMain === null || card.sheetsMain === undefined ? '' : String(card.sheetsMain)} />
          </label>
          <label>
            {t('records.sheetsAttachments')}
            <input name="sheetsAttachments" type="number" min={0} defaultValue={card.sheetsAttachments === null || card.sheetsAttachments === undefined ? '' : String(card.sheetsAttachments)} />
          </label>
          <label>
            {t('records.paperForm')}
            <select name="paperForm" defaultValue={String(card.paperForm ?? '')}>
              <option value="">{t('common.choose')}</option>
              {(['original', 'copy', 'none'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`records.paper.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="card-save">
              {t('common.save')}
            </button>
            <button type="button" className="btn" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <KeyValues
          rows={[
            [t('records.issueNature'), value(card.issueNature)],
            [t('records.sheetsMain'), value(card.sheetsMain)],
            [t('records.sheetsAttachments'), value(card.sheetsAttachments)],
            [t('records.addresseeBody'), value(card.addresseeBody)],
            [t('records.addresseePerson'), value(card.addresseePerson)],
            [t('records.executorPhone'), value(card.executorPhone)],
            [t('records.paperForm'), paperLabel(card.paperForm)],
            [t('records.fileIndex'), <span key="f" data-testid="filed-in">{filedFile ? filedFile.split(':').slice(1).join(':') : '—'}</span>],
          ]}
        />
      )}

      <div className="row">
        <strong>{t('records.print')}:</strong>
        {FORMS.filter((f) => (f !== 'registration-stamp' || doc.registration) && ((f !== 'resolution-form' && f !== 'control-sheet') || (doc.workflow?.resolutions.length ?? 0) > 0)).map((f) => (
          <button key={f} type="button" className="btn btn-small" data-testid={`print-${f}`} onClick={() => void run(() => openFile(`/api/documents/${id}/forms/${f}`))}>
            {t(`records.form.${f}`)}
          </button>
        ))}
        {incoming && doc.registration && (
          <button type="button" className="btn btn-small" onClick={() => void reply()} disabled={busy} data-testid="write-reply">
            {t('records.reply')}
          </button>
        )}
        {(doc.authorId === session.me.employee.id || isRegistrar) && (doc.workflow?.tasks.some((x) => x.kind === 'sign' && x.state === 'done') ?? false) && (
          <button type="button" className="btn btn-small" onClick={() => void newVersion()} disabled={busy}>
            {t('records.newVersion')}
          </button>
        )}
      </div>

      <h3>{t('records.links')}</h3>
      <div data-testid="doc-links">
        {(links.data?.links.length ?? 0) + (links.data?.linkedFrom.length ?? 0) === 0 && <Empty>{t('records.noLinks')}</Empty>}
        <ul className="plain-list">
          {links.data?.links.map((l) => (
            <li key={l.id} data-testid="link-row">
              {t(`records.link.${l.kind}`)}: № {l.number} {clerkDate(l.date)}
              {l.documentId && l.title && (
                <>
                  {' — '}
                  <Link to={`/documents/${encodeURIComponent(l.documentId)}`}>{l.title}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
        {(links.data?.linkedFrom.length ?? 0) > 0 && (
          <>
            <div className="kv-title">{t('records.linkedFrom')}</div>
            <ul className="plain-list">
              {links.data?.linkedFrom.map((l) => (
                <li key={`${l.documentId}:${l.kind}`} data-testid="linked-from-row">
                  {t(`records.link.${l.kind}`)}: <Link to={`/documents/${encodeURIComponent(l.documentId)}`}>{l.title}</Link> (№ {l.number} {clerkDate(l.date)})
                </li>
              ))}
            </ul>
          </>
        )}
        <form className="row" onSubmit={addLink} data-testid="link-form">
          <select name="kind" defaultValue="refers-to" aria-label={t('records.addLink')}>
            {LINK_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`records.link.${k}`)}
              </option>
            ))}
          </select>
          <input name="number" placeholder={t('records.linkNumber')} aria-label={t('records.linkNumber')} />
          <DateInput name="date" aria-label={t('records.linkDate')} />
          <button type="submit" className="btn btn-small" disabled={busy}>
            {t('records.addLink')}
          </button>
        </form>
      </div>

      <h3>{t('records.filing')}</h3>
      <div data-testid="doc-filing">
        {filedFile ? (
          <p>{t('records.filedIn', { index: filedFile.split(':').slice(1).join(':') })}</p>
        ) : status !== 'executed' ? (
          <p className="muted">{t('records.onlyExecuted')}</p>
        ) : (filing.data?.items.length ?? 0) === 0 ? (
          <Empty>{t('records.noFiles')}</Empty>
        ) : (
          <ul className="plain-list">
            {filing.data?.items.map((f) => (
              <li key={f.id}>
                № {f.index} — {tr(f.title)}{' '}
                <button type="button" className="btn btn-small" disabled={busy} onClick={() => void fileInto(f.id)} data-testid="file-into">
                  {t('records.fileInto')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <h3>{t('records.edits')}</h3>
      <div data-testid="card-edits">
        {(edits.data?.items.length ?? 0) === 0 && <Empty>{t('records.noEdits')}</Empty>}
        <ol className="timeline">
          {edits.data?.items.map((e) => (
            <li key={e.version}>
              <span className="muted">{dateTime(e.at)}</span> <PersonName id={e.actorId} />
              <ul className="plain-list">
                {e.changes.map((c, i) => (
                  <li key={i}>
                    {fieldLabel(c.field)}: {c.field === 'paperForm' ? paperLabel(c.old) : value(c.old)} → {c.field === 'paperForm' ? paperLabel(c.new) : value(c.new)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </div>
    </Section>
  );
}
