/**
 * Kazakh first, Russian second (the sources are Kazakh; staff work in both). The language is the reader's
 * choice, kept in localStorage; dates and times are shown in Astana time, as the audit trail keeps them: from the
 * browser's zone database (Asia/Almaty: UTC+6 until 2024-03-01, UTC+5 since), never a fixed offset.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Bilingual, Lang } from '../api/types';
import { formatDate, formatDateTime } from './astana-time';
import { DICTIONARY, type MessageKey } from './dictionary';

export { astanaInstant, formatDate, formatDateTime } from './astana-time';

const LANG_KEY = 'qujat.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** A message, with {name} placeholders filled from vars. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A bilingual value from the API in the reader's language. */
  tr(value: Partial<Bilingual> | undefined, fallback?: string): string;
  date(value: number | string | undefined): string;
  dateTime(value: number | string | undefined): string;
}

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === 'ru' || saved === 'kk' ? saved : 'kk';
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => {
        let text: string = DICTIONARY[key]?.[lang] ?? key;
        for (const [k, v] of Object.entries(vars ?? {})) text = text.split(`{${k}}`).join(String(v));
        return text;
      },
      tr: (value, fallback = '') => value?.[lang] ?? value?.kk ?? value?.ru ?? fallback,
      date: formatDate,
      dateTime: formatDateTime,
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
