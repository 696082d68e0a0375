import { useI18n } from '../i18n/i18n';

/** ҚАЗ / РУС: the reader's language for the interface and for bilingual data. */
export function LanguageSwitch({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const { lang, setLang } = useI18n();
  return (
    <div className={`lang-switch lang-switch-${tone}`} role="group" aria-label="Тіл / Язык">
      {(['kk', 'ru'] as const).map((l) => (
        <button key={l} type="button" className={lang === l ? 'active' : ''} onClick={() => setLang(l)} data-testid={`lang-${l}`}>
          {l === 'kk' ? 'ҚАЗ' : 'РУС'}
        </button>
      ))}
    </div>
  );
}
