/** The card's fields: what the document is, its numbers, its people. */
import type { ReactNode } from 'react';
import type { DocumentView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';
import { useSession } from '../session/session-context';
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
  const { types } = useSession();
  const fields = Object.entries(doc.fields ?? {});
  return (
    <Section title={t('doc.details')} testId="doc-details">
      <KeyValues
        rows={[
          [t('doc.type'), tr(types.find((x) => x.id === doc.type)?.title, doc.type)],
          [t('doc.title'), doc.title],
          doc.registration && [t('doc.regNumber'), <strong key="n" data-testid="reg-number">{doc.registration.number}</strong>],
          doc.registration && [t('doc.regDate'), dateTime(doc.registration.registeredAt)],
          doc.registration && [t('doc.journal'), doc.registration.journal],
          doc.draftNumber !== undefined && [t('doc.draftNumber'), doc.draftNumber],
          [t('doc.created'), date(doc.createdAt)],
          [t('doc.language'), doc.language === 'kk' ? 'Қазақша' : 'Русский'],
          [t('doc.author'), <PersonName key="a" id={doc.workflow?.authorId ?? doc.authorId} withId />],
          doc.correspondent !== undefined && [t('doc.correspondent'), doc.correspondent],
          ...PARTICIPANT_FIELDS.filter((f) => doc.participants[f] !== undefined).map((f): [string, ReactNode] => [t(`participant.${f}` as MessageKey), people(doc.participants[f])]),
          ...fields.map(([k, v]): [string, ReactNode] => [k, String(v)]),
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
