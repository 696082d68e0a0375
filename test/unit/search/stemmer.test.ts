/** Stemming for search: the Snowball Russian stemmer and the Kazakh ending rules, and how matching uses them. */
import { marksOf } from '../../../domain/search/highlight';
import { relevance } from '../../../domain/search/ranking';
import { kazakhStem, russianStem, stemOf } from '../../../domain/search/stemmer';
import { matchTokens, queryTerms, STEM_MARK, wordsOf } from '../../../domain/search/tokenizer';

describe('Russian: the Snowball algorithm', () => {
  // Pairs from the published sample vocabulary of the Snowball Russian stemmer (snowballstem.org, voc.txt → output.txt).
  it.each([
    ['вавилонский', 'вавилонск'],
    ['важнейшие', 'важн'],
    ['важнейшими', 'важн'],
    ['вагоне', 'вагон'],
    ['вагонов', 'вагон'],
    ['вазы', 'ваз'],
    ['валенки', 'валенк'],
    ['вальса', 'вальс'],
    ['ванной', 'ван'],
    ['варенье', 'варен'],
    ['взглянуть', 'взглянут'],
    ['вечерами', 'вечер'],
  ])('%s → %s', (word, stem) => expect(russianStem(word)).toBe(stem));

  it('gives the forms of a word one stem: отпуск, отпуска, отпусков, отпуском', () => {
    expect(new Set(['отпуск', 'отпуска', 'отпусков', 'отпуском', 'отпуске'].map(russianStem))).toEqual(new Set(['отпуск']));
    expect(new Set(['приказ', 'приказа', 'приказов', 'приказами'].map(russianStem))).toEqual(new Set(['приказ']));
    expect(new Set(['график', 'графика', 'графики', 'графиков'].map(russianStem))).toEqual(new Set(['график']));
  });
});

describe('Kazakh: case, possessive and plural endings', () => {
  it.each([
    // plural
    ['құжаттар', 'құжат'],
    ['қызметкерлер', 'қызметкер'],
    // plural + case
    ['құжаттарды', 'құжат'],
    ['хаттарға', 'хат'],
    ['құжаттардың', 'құжат'],
    ['қызметкерлерге', 'қызметкер'],
    // case: genitive, dative, accusative, locative, ablative, instrumental
    ['бұйрықтың', 'бұйрық'],
    ['әкімдікке', 'әкімдік'],
    ['ақпаратты', 'ақпарат'],
    ['тапсырманы', 'тапсырма'],
    ['бөлімде', 'бөлім'],
    ['кеңесте', 'кеңес'],
    ['бөлімнен', 'бөлім'],
    ['құжатпен', 'құжат'],
    // possessive, with the final consonant voiceless again (бұйрығы → бұйрық)
    ['шешімі', 'шешім'],
    ['бұйрығы', 'бұйрық'],
    ['кітабы', 'кітап'],
    ['есебі', 'есеп'],
    ['құжаттары', 'құжат'],
    // possessive + case
    ['бұйрығының', 'бұйрық'],
    ['шешімінің', 'шешім'],
    ['жұмысында', 'жұмыс'],
    ['құжаттарының', 'құжат'],
    // genitive and ablative after м/н/ң, locative after a stem vowel
    ['бөлімнің', 'бөлім'],
    ['қазақстанның', 'қазақстан'],
    ['қазақстанда', 'қазақстан'],
    ['қазақстаннан', 'қазақстан'],
  ])('%s → %s', (word, stem) => expect(kazakhStem(word)).toBe(stem));

  it('leaves a word that is its own stem alone, and gives a word and its forms one stem', () => {
    for (const word of ['құжат', 'бұйрық', 'бөлім', 'кеңес', 'әкімдік', 'ақпарат']) expect(kazakhStem(word)).toBe(word);
    expect(new Set(['қаулы', 'қаулысы', 'қаулының'].map(kazakhStem)).size).toBe(1);
  });

  it('does not cut short words down to nothing: the stem keeps three letters', () => {
    expect(kazakhStem('қана')).toBe('қана');
    expect(kazakhStem('әке')).toBe('әке');
    expect(kazakhStem('ғана')).toBe('ғана');
    expect(kazakhStem('ұлға')).toBe('ұлға');
  });

  it('keeps place names in "-стан" whole: the ending only looks like an ablative', () => {
    expect(kazakhStem('қазақстан')).toBe('қазақстан');
    expect(kazakhStem('түркістан')).toBe('түркістан');
  });
});

describe('language per word', () => {
  it('takes Kazakh rules for words with a Kazakh letter, Snowball Russian for other Cyrillic words', () => {
    expect(stemOf('құжаттарды')).toBe('құжат');
    expect(stemOf('отпусков')).toBe('отпуск');
  });

  it('does not stem numbers, Latin words, compounds or words shorter than three letters', () => {
    expect(stemOf('2026')).toBeUndefined();
    expect(stemOf('documents')).toBeUndefined();
    expect(stemOf('01-12/345')).toBeUndefined();
    expect(stemOf('по')).toBeUndefined();
  });
});

describe('stems in matching, ranking and highlighting', () => {
  const tokens = (text: string) => matchTokens(wordsOf(text));
  /** The mirror of the filter: the word or its beginning, or a stem token. */
  const finds = (query: string, text: string) => {
    const card = tokens(text);
    return queryTerms(query).every(
      (t) => (t.prefix ? card.some((c) => c.startsWith(t.loose)) : card.includes(t.loose)) || (t.stem !== undefined && (card.includes(t.stem) || card.includes(STEM_MARK + t.stem))),
    );
  };

  it('stores the stem of a word beside the word when it differs, marked so no prefix term reaches it', () => {
    expect(tokens('График отпусков')).toEqual(['график', 'отпусков', `${STEM_MARK}отпуск`]);
    expect(tokens('Құжаттарды')).toEqual(['кужаттарды', `${STEM_MARK}кужат`]);
  });

  it('finds another form of the same word, in Russian and in Kazakh (after folding)', () => {
    expect(finds('график отпуска', 'График отпусков на 2027 год')).toBe(true);
    expect(finds('отпуск', 'График отпусков')).toBe(true);
    expect(finds('бұйрықтың', 'Бұйрықтар тізілімі')).toBe(true);
    expect(finds('хаттарға', 'Кіріс хат')).toBe(true);
    expect(finds('график отпуска', 'График дежурств')).toBe(false);
  });

  it('ranks a same-stem match above nothing and below the exact word', () => {
    const exact = relevance(queryTerms('отпусков'), 't:график t:отпусков');
    const stem = relevance(queryTerms('отпуска'), 't:график t:отпусков');
    expect(stem.score).toBeGreaterThan(0);
    expect(stem.matched).toEqual(['title']);
    expect(exact.score).toBeGreaterThan(stem.score);
  });

  it('marks the words of the title the query matched, as written, same-stem forms included', () => {
    const title = 'График отпусков сотрудников';
    const marks = marksOf(title, queryTerms('график отпуска'));
    expect(marks.map(([a, b]) => title.slice(a, b))).toEqual(['График', 'отпусков']);
    const kk = 'Бұйрықтар мен құжаттардың тізімі';
    expect(marksOf(kk, queryTerms('құжаттар бұйрығы')).map(([a, b]) => kk.slice(a, b))).toEqual(['Бұйрықтар', 'құжаттардың']);
    expect(marksOf('№ 01-12/345 от 05.12.2026', queryTerms('345')).length).toBe(1);
    expect(marksOf(title, [])).toEqual([]);
  });
});
