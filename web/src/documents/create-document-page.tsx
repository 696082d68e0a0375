/**
 * Creating a document (POST /api/documents): an outgoing letter with its approvers, signer and recipients,
 * incoming mail being registered, a memo, an order. Saving gives the draft number (002 A1 §6.7); "Save and
 * send" also sends it along its route. The cover letter is generated from the card on the document's page.
 */
import { useState, type FormEvent } from 'react';
import { ApiProblem, api, apiGet, isProblem } from '../api/client';
import { useResource } from '../api/use-resource';
import type { DocumentView, Lang } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { navigate, useLocation } from '../router/router';
import { useSession } from '../session/session-context';
import { PeoplePicker, PersonPicker } from '../ui/people-picker';
import { Field, ProblemBanner } from '../ui/problem-view';
import { DateInput } from '../ui/date-input';

type Participant = 'approvers' | 'signer' | 'executor' | 'addressees' | 'recipients';
const MULTI: ReadonlySet<Participant> = new Set(['approvers', 'addressees', 'recipients']);

/** Which card fields each standard type asks for; other types get every participant field. */
const FORM_OF_TYPE: Record<string, { participants: Participant[]; fields: string[]; correspondent: boolean }> = {
  'outgoing-letter': { participants: ['approvers', 'signer', 'executor', 'recipients'], fields: ['recipientAddress', 'executorPhone'], correspondent: true },
  'incoming-electronic': { participants: ['addressees'], fields: ['senderNumber', 'senderDate'], correspondent: true },
  'incoming-paper': { participants: ['executor'], fields: ['senderNumber', 'senderDate'], correspondent: true },
  'internal-memo': { participants: ['addressees'], fields: [], correspondent: false },
  order: { participants: ['approvers', 'signer', 'executor', 'addressees'], fields: [], correspondent: false },
};
const DEFAULT_FORM = { participants: ['approvers', 'signer', 'executor', 'addressees', 'recipients'] as Participant[], fields: [], correspondent: true };

export function CreateDocumentPage() {
  const { t, tr, lang } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const [type, setType] = useState(query.get('type') ?? 'outgoing-letter');
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<Lang>(lang);
  const [correspondent, setCorrespondent] = useState('');
  const [summary, setSummary] = useState('');
  const [people, setPeople] = useState<Partial<Record<Participant, string | string[]>>>({ executor: session.me.employee.id });
  const [fields, setFields] = useState<Record<string, string>>({});
  // Electronic addressees (docs/exchange.md): organisations of the exchange address book, by BIN.
  const [exchangeBins, setExchangeBins] = useState<string[]>([]);
  const book = useResource((signal) => apiGet<Array<{ bin: string; name: { kk: string; ru: string }; active: boolean }>>('/api/exchange/correspondents', undefined, signal), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem>();
  const form = FORM_OF_TYPE[type] ?? DEFAULT_FORM;
  // A destruction act is compiled on the Archive screen from the files due for destruction, never typed here.
  const types = (session.types.length ? session.types : Object.keys(FORM_OF_TYPE).map((id) => ({ id, title: { kk: id, ru: id }, routeKey: id }))).filter((x) => x.id !== 'destruction-act');

  function body() {
    const participants: Record<string, unknown> = {};
    for (const p of form.participants) {
      const v = people[p];
      if (Array.isArray(v) ? v.length : v) participants[p] = v;
    }
    const extra: Record<string, string> = Object.fromEntries(form.fields.filter((f) => fields[f]?.trim()).map((f) => [f, fields[f].trim()]));
    if (type === 'outgoing-letter' && exchangeBins.length) extra.exchangeAddressees = exchangeBins.join(',');
    return { type, title, language, correspondent: form.correspondent && correspondent.trim() ? correspondent.trim() : undefined, summary: summary.trim() || undefined, participants, fields: extra };
  }

  async function save(send: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<DocumentView>('POST', '/api/documents', { body: body() });
      if (send) await api('POST', `/api/documents/${encodeURIComponent(created.id)}/actions/submit`, { body: {} });
      session.refreshCounts();
      navigate(`/documents/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(isProblem(err) ? err : undefined);
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <div className="page" data-testid="create-page">
      <div className="page-head">
        <div>
          <div className="crumbs">{t('nav.myDocuments')}</div>
          <h1>{t('create.title')}</h1>
          <p className="muted">{t('create.help')}</p>
        </div>
      </div>
      <form className="card form-card" onSubmit={onSubmit}>
        <div className="card-body">
          <ProblemBanner error={error} />
          <div className="form-grid">
            <Field label={t('doc.type')} errors={error?.fieldErrors('type')}>
              <select value={type} onChange={(e) => setType(e.target.value)} data-testid="create-type">
                {types.map((x) => (
                  <option key={x.id} value={x.id}>
                    {tr(x.title, x.id)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('doc.language')} errors={error?.fieldErrors('language')} hint={t('create.languageHint')}>
              <select value={language} onChange={(e) => setLanguage(e.target.value as Lang)} data-testid="create-language">
                <option value="kk">Қазақша</option>
                <option value="ru">Русский</option>
              </select>
            </Field>
            <Field label={t('doc.title')} errors={error?.fieldErrors('title')} wide>
              <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} data-testid="create-title" />
            </Field>
            {form.correspondent && (
              <Field label={t('doc.correspondent')} errors={error?.fieldErrors('correspondent')} hint={t('create.correspondentHint')} wide>
                <input value={correspondent} onChange={(e) => setCorrespondent(e.target.value)} maxLength={300} data-testid="create-correspondent" />
              </Field>
            )}
            <Field label={t('doc.summary')} errors={error?.fieldErrors('summary')} wide>
              <textarea rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} data-testid="create-summary" />
            </Field>
            {form.participants.map((p) => (
              <Field key={p} label={t(`participant.${p}` as MessageKey)} errors={error?.fieldErrors(`participants.${p}`)} hint={t(`participantHint.${p}` as MessageKey)}>
                {MULTI.has(p) ? (
                  <PeoplePicker values={(people[p] as string[] | undefined) ?? []} onChange={(ids) => setPeople({ ...people, [p]: ids })} testId={`create-${p}`} />
                ) : (
                  <PersonPicker value={people[p] as string | undefined} onChange={(id) => setPeople({ ...people, [p]: id })} testId={`create-${p}`} />
                )}
              </Field>
            ))}
            {type === 'outgoing-letter' && !!book.data?.some((c) => c.active) && (
              <Field label={t('create.exchangeAddressees')} hint={t('create.exchangeHint')} wide>
                <div className="row" data-testid="create-exchange-addressees">
                  {book.data
                    .filter((c) => c.active)
                    .map((c) => (
                      <label key={c.bin} className="row">
                        <input
                          type="checkbox"
                          checked={exchangeBins.includes(c.bin)}
                          onChange={(e) => setExchangeBins(e.target.checked ? [...exchangeBins, c.bin] : exchangeBins.filter((b) => b !== c.bin))}
                          data-testid={`create-exchange-${c.bin}`}
                        />
                        {tr(c.name)}
                      </label>
                    ))}
                </div>
              </Field>
            )}
            {form.fields.map((f) => (
              <Field key={f} label={t(`cardField.${f}` as MessageKey)} errors={error?.fieldErrors(`fields.${f}`)}>
                {f === 'senderDate' ? (
                  <DateInput value={fields[f] ?? ''} onChange={(v) => setFields({ ...fields, [f]: v })} />
                ) : (
                  <input type="text" value={fields[f] ?? ''} onChange={(e) => setFields({ ...fields, [f]: e.target.value })} />
                )}
              </Field>
            ))}
          </div>
        </div>
        <footer className="card-foot">
          <button type="submit" className="btn" disabled={busy} data-testid="create-save">
            {t('create.save')}
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save(true)} data-testid="create-save-send">
            {t('create.saveAndSend')}
          </button>
        </footer>
      </form>
    </div>
  );
}
