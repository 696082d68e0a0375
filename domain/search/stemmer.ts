/**
 * Stems of Russian and Kazakh words, so that "график отпуска" finds "график отпусков" and "құжаттарды"
 * finds "құжат". Pure and deterministic; the indexer, both search paths and highlighting share it.
 *
 * The language is decided per word: a word with a Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і) takes the
 * Kazakh rules, any other all-Cyrillic word the Russian Snowball stemmer. A Kazakh word spelled without any
 * of those letters ("хаттар") is taken for Russian and keeps its Kazakh endings: a known limit, softened by
 * prefix matching ("хат" still finds "хаттар").
 */
import { newStemmer } from 'snowball-stemmers';

/** Shorter words are not stemmed: their endings are more often part of the root than an inflection. */
export const MIN_STEM_WORD = 3;

const russian = newStemmer('russian');
const KAZAKH_LETTER = /[әғқңөұүһі]/;
const ALL_CYRILLIC = /^\p{Script=Cyrillic}+$/u;
const VOWELS = new Set('аәеёиоөуұүыіэюя');
const NASALS = new Set('мнң');
/** Place names in "-стан" (Қазақстан, Түркістан) end like an ablative "-тан" but are whole words. */
const TOPONYM = 'стан';

/** A Kazakh stem keeps at least this many letters: "ата" is not "а" + locative "-та". */
const KAZAKH_MIN_STEM = 3;
/** A bare possessive "-ы/-і" is only taken off a longer word ("әкімі" → "әкім", "хаты" stays). */
const KAZAKH_MIN_STEM_BARE_POSSESSIVE = 4;

/**
 * Case endings, alone or after the 3rd-person possessive "-ы-/-і-" (with its "-н-"), longest first:
 * genitive, ablative, locative, dative, accusative, instrumental. The bare dative "-на/-не" is left out:
 * outside the possessive it is never a case ending and would cut roots ("қана"). The same after "-сы-"
 * ("қаулысында") is left out too: by letters alone it is "жұмыс-ында", the commoner reading, so such words
 * keep an "-с" ("қаулыс"); a query "қаулы" still finds them as a prefix.
 */
const KAZAKH_CASE = [
  'менен', 'ының', 'інің', 'ынан', 'інен', 'ында', 'інде',
  'ның', 'нің', 'дың', 'дің', 'тың', 'тің',
  'дан', 'ден', 'тан', 'тен', 'нан', 'нен',
  'мен', 'бен', 'пен',
  'нда', 'нде', 'ына', 'іне',
  'да', 'де', 'та', 'те',
  'ға', 'ге', 'қа', 'ке',
  'ны', 'ні', 'ды', 'ді', 'ты', 'ті', 'ын', 'ін',
];
/** Possessive endings safe to take off: 1st and 2nd person plural (polite), 3rd person after a vowel ("-сы"). */
const KAZAKH_POSSESSIVE = ['ымыз', 'іміз', 'ыңыз', 'іңіз', 'сы', 'сі'];
const KAZAKH_PLURAL = ['лар', 'лер', 'дар', 'дер', 'тар', 'тер'];
/** A voiced final consonant before a vowel ending is voiceless in the bare word: бұйрығы → бұйрық, кітабы → кітап. */
const DEVOICE: Readonly<Record<string, string>> = { ғ: 'қ', г: 'к', б: 'п' };

const isVowel = (ch: string | undefined): boolean => ch !== undefined && VOWELS.has(ch);

/**
 * An ending may follow what is left: the possessive "-сы" comes after a vowel ("қаулысы"), the possessive
 * "-ы-/-і-" after a consonant ("құжатының").
 */
function fits(ending: string, before: string | undefined): boolean {
  if (ending.startsWith('с')) return isVowel(before);
  if (ending.startsWith('ы') || ending.startsWith('і')) return !isVowel(before);
  // "-нда/-нде" only follows the possessive "-ы/-і" ("қаулысында"), never a stem vowel ("Қазақстан-да").
  if (ending.startsWith('нд')) return before === 'ы' || before === 'і';
  // Genitive "-ның" after a vowel or м/н/ң; ablative "-нан" after the possessive or м/н/ң (бөлімнен); accusative "-ны" after a vowel.
  if (ending === 'ның' || ending === 'нің') return isVowel(before) || NASALS.has(before ?? '');
  if (ending === 'ны' || ending === 'ні') return isVowel(before);
  if (ending === 'нан' || ending === 'нен') return before === 'ы' || before === 'і' || NASALS.has(before ?? '');
  return true;
}

function stripOne(word: string, endings: readonly string[], minStem: number): string {
  for (const ending of endings) {
    const rest = word.length - ending.length;
    if (word.endsWith(ending) && rest >= minStem && fits(ending, word.charAt(rest - 1))) return word.slice(0, rest);
  }
  return word;
}

/** The bare 3rd-person possessive "-ы/-і" after a consonant (құжаты, шешімі, қаулы ~ қаулысы). */
function stripBarePossessive(word: string): string {
  const last = word.at(-1);
  if ((last === 'ы' || last === 'і') && word.length - 1 >= KAZAKH_MIN_STEM_BARE_POSSESSIVE && fits(last, word.at(-2))) return word.slice(0, -1);
  return word;
}

/**
 * A Kazakh word without its case, possessive and plural endings, in that order from the end (Kazakh stacks
 * them stem + plural + possessive + case). A word that is its own stem comes out unchanged, and so does its
 * stem once more: "қаулы", "қаулысы", "қаулының" all give "қаул".
 */
export function kazakhStem(word: string): string {
  if (word.endsWith(TOPONYM)) return word;
  let w = stripOne(word, KAZAKH_CASE, KAZAKH_MIN_STEM);
  w = stripOne(w, KAZAKH_POSSESSIVE, KAZAKH_MIN_STEM);
  w = stripBarePossessive(w);
  w = stripOne(w, KAZAKH_PLURAL, KAZAKH_MIN_STEM);
  w = stripBarePossessive(w);
  const last = w.at(-1)!;
  if (w !== word && DEVOICE[last] && isVowel(word.charAt(w.length))) w = w.slice(0, -1) + DEVOICE[last];
  return w;
}

/** A Russian word by the Snowball Russian algorithm (https://snowballstem.org/algorithms/russian/stemmer.html). */
export function russianStem(word: string): string {
  return russian.stem(word);
}

/**
 * The stem of a canonical word (see tokenizer `canonical`), or undefined when the word is not stemmed:
 * shorter than MIN_STEM_WORD, or not all Cyrillic letters (numbers, Latin words, compounds).
 */
export function stemOf(word: string): string | undefined {
  if (word.length < MIN_STEM_WORD || !ALL_CYRILLIC.test(word)) return undefined;
  return KAZAKH_LETTER.test(word) ? kazakhStem(word) : russianStem(word);
}
