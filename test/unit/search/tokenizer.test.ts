/** The search tokenizer: Kazakh and Russian folding, compounds, prefixes, query terms. */
import { canonical, loose, matchTokens, queryTerms, wordsOf, type QueryTerm } from '../../../domain/search/tokenizer';

/** What the database filter does with a term (api/services/search-filters `termsFilter`): whole word, or the beginning of one. */
const finds = (term: QueryTerm, tokens: string[]) => (term.prefix ? tokens.some((t) => t.startsWith(term.loose)) : tokens.includes(term.loose));

describe('canonical form', () => {
  it('folds case of Kazakh and Russian letters, keeping Kazakh letters distinct', () => {
    expect(canonical('ҚҰЖАТ')).toBe('құжат');
    expect(canonical('ӘҒҚҢӨҰҮҺІ')).toBe('әғқңөұүһі');
    expect(canonical('ПРИКАЗ')).toBe('приказ');
  });

  it('drops diacritics but keeps й, which is a letter of its own', () => {
    expect(canonical('Ёлка')).toBe('елка');
    expect(canonical('Café Zürich')).toBe('cafe zurich');
    expect(canonical('ЙОД')).toBe('йод');
    expect(canonical('Мой')).toBe('мой');
  });

  it('drops invisible format characters (soft hyphen, zero-width joiner)', () => {
    expect(canonical('құ\u00adжат')).toBe('құжат');
    expect(canonical('құ\u200dжат')).toBe('құжат');
  });
});

describe('loose form (matching)', () => {
  it('folds Kazakh-specific letters to their Russian look-alikes: "қ" matches "к"', () => {
    expect(loose('құжат')).toBe('кужат');
    expect(loose('әғқңөұүһі')).toBe('агкноуухи');
  });

  it('maps Latin look-alikes inside Cyrillic words, and leaves Latin words alone', () => {
    expect(loose('бiлiм')).toBe(loose('білім')); // Latin "i" typed for Kazakh "і"
    expect(loose('cafe')).toBe('cafe');
  });
});

describe('words of a text', () => {
  it('splits on spaces and punctuation, dropping one-letter words but not digits', () => {
    expect(wordsOf('Приказ № 5 о командировке, г. Астана')).toEqual(['приказ', '5', 'командировке', 'астана']);
  });

  it('keeps compounds (registration numbers, double names) and their parts', () => {
    expect(wordsOf('Рег. 01-12/345')).toEqual(['рег', '01-12/345', '01', '12', '345']);
    expect(wordsOf('Иванов-Петров')).toEqual(['иванов-петров', 'иванов', 'петров']);
    expect(wordsOf('01-12/345', { parts: false })).toEqual(['01-12/345']);
  });

  it('does not glue a sentence-ending dot to the next word', () => {
    expect(wordsOf('хат. Жауап')).toEqual(['хат', 'жауап']);
  });
});

describe('match tokens of a card', () => {
  it('holds every word once, in loose form', () => {
    expect(matchTokens(['құжат', 'кужат', 'ақ', '5'])).toEqual(['кужат', 'ак', '5']);
  });
});

describe('query terms', () => {
  it('finds "Құжат" from "құжат", "ҚҰЖАТ", "кужат" and the beginning "құж"; and "құжаттар" from "құжат"', () => {
    const card = matchTokens(wordsOf('Құжат туралы'));
    for (const q of ['құжат', 'ҚҰЖАТ', 'кужат', 'құж']) expect(finds(queryTerms(q)[0], card)).toBe(true);
    expect(finds(queryTerms('құжат')[0], matchTokens(wordsOf('Құжаттар тізімі')))).toBe(true);
    expect(finds(queryTerms('құжаттар')[0], card)).toBe(false);
  });

  it('matches terms shorter than three letters as whole words only', () => {
    const card = matchTokens(wordsOf('Бұйрық № 50, ақша'));
    expect(finds(queryTerms('5')[0], card)).toBe(false);
    expect(finds(queryTerms('50')[0], card)).toBe(true);
    expect(finds(queryTerms('ақ')[0], card)).toBe(false);
    expect(queryTerms('ақша')[0].prefix).toBe(true);
  });

  it('keeps the typed letters for ranking and drops function words unless nothing else is left', () => {
    expect(queryTerms('приказ о отпуске').map((t) => t.canonical)).toEqual(['приказ', 'отпуске']);
    expect(queryTerms('туралы').map((t) => t.canonical)).toEqual(['туралы']);
    expect(queryTerms('Қазақстан')[0]).toEqual({ canonical: 'қазақстан', loose: 'казакстан', prefix: true, stem: 'казакстан' });
  });

  it('keeps a compound whole, so "01-12/345" does not also match every card with a "12"', () => {
    expect(queryTerms('01-12/345').map((t) => t.canonical)).toEqual(['01-12/345']);
  });

  it('has nothing to search for in punctuation only', () => {
    expect(queryTerms(' -- / . ')).toEqual([]);
  });
});
