/** The card's fields: what the document is, its numbers, its people. */
import type { ReactNode } from 'react';
import { apiGet } from '../api/client';
import { useCapabilities } from '../api/capabilities';
import type { DocumentView } from '../api/types';
import { useResource } from '../api/use-resource';
import { DICTIONARY } from '../i18n/dictionary';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { draftNo } from './document-number';
import { hasRole, useSession } from '../session/session-context';

interface Journal {
  code: string;
  title: { kk: string; ru: string };
}
import { KeyValues, PersonName, Section } from '../ui/widgets';

const PARTICIPANT_FIELDS = ['approvers', 'signer', 'addressees', 'executor', 'recipients'] as const;

function people(value: unknown): ReactNode {
  const ids = Array.isArray(value) ? value : value ? [value] : [];
  if (ids.length === 0) return '—';
  return (
    <span className="people-list">
      {ids.map((id, i) => (
        <span key={String(id)}>
          {i > 0 && ', '}
          <PersonName id={String(id)} />
        </span>
      ))}
    </span>
  );
}

export function DetailsSection({ doc }: { doc: DocumentView }) {
  const { t, tr, date, dateTime } = useI18n();
  const session = useSession();
  const { types } = session;
  const caps = useCapabilities();
  // Only the chancellery and administrators may read the journals; others see the number without the journal's name.
  const canReadJournals = hasRole(session, 'registrar', 'administrator') && caps.has('get', '/api/journals');
  const journals = useResource(canReadJournals ? (signal) => apiGet<Journal[]>('/api/journals', undefined, signal).catch(() => [] as Journal[]) : undefined, [canReadJournals]);
  const journalTitle = doc.registration && journals.data?.find((j) => j.code === doc.registration?.journal)?.title;
  // The card's own fields under their names; a field this version has no name for is left out, not shown as a key.
  const fields = Object.entries(doc.fields ?? {}).filter(([k, v]) => `cardField.${k}` in DICTIONARY && v !== '' && v !== null && v !== undefined);
  return (
    <Section title={t('doc.details')} testId="doc-details">
      <KeyValues
        rows={[
          [t('doc.type'), tr(types.find((x) => x.id === doc.type)?.title, doc.type)],
          [t('doc.title'), doc.title],
          doc.registration && [t('doc.regNumber'), <strong key="n" data-testid="reg-number">{doc.registration.number}</strong>],
          doc.registration && [t('doc.regDate'), dateTime(doc.registration.registeredAt)],
          journalTitle && [t('doc.journal'), tr(journalTitle)],
          doc.draftNumber !== undefined && [t('doc.draftNumber'), `№ ${draftNo(doc.draftNumber)}`],
          [t('doc.created'), date(doc.createdAt)],
          [t('doc.language'), doc.language === 'kk' ? 'Қазақша' : 'Русский'],
          [t('doc.author'), <PersonName key="a" id={doc.workflow?.authorId ?? doc.authorId} />],
          doc.correspondent !== undefined && [t('doc.correspondent'), doc.correspondent],
          ...PARTICIPANT_FIELDS.filter((f) => doc.participants[f] !== undefined).map((f): [string, ReactNode] => [t(`participant.${f}` as MessageKey), people(doc.participants[f])]),
          ...fields.map(([k, v]): [string, ReactNode] => [t(`cardField.${k}` as MessageKey), k.endsWith('Date') ? date(String(v)) : String(v)]),
        ]}
      />
      {doc.summary && (
        <div className="summary">
          <div className="kv-title">{t('doc.summary')}</div>
          <p>{doc.summary}</p>
        </div>
      )}
    </Section>
  );
}
