/** Search. */
import type { Entry } from './entry';

export const SEARCH_MESSAGES = {
  'search.title': { kk: 'Іздеу', ru: 'Поиск' },
  'search.help': { kk: 'Сізге көрінетін барлық құжаттар бойынша: тақырып, нөмірлер, корреспондент, мәтін, қатысушылар.', ru: 'По всем документам, которые вам видны: заголовок, номера, корреспондент, текст, участники.' },
  'search.global': { kk: 'Жалпы іздеу', ru: 'Общий поиск' },
  'search.advanced': { kk: 'Кеңейтілген іздеу', ru: 'Расширенный поиск' },
  'search.keywords': { kk: 'Кілт сөздер', ru: 'Ключевые слова' },
  'search.placeholder': { kk: 'Құжаттарды іздеу…', ru: 'Поиск документов…' },
  'search.any': { kk: 'кез келген', ru: 'любой' },
  'search.createdFrom': { kk: 'Құрылған күні, бастап', ru: 'Создан с' },
  'search.createdTo': { kk: 'Құрылған күні, дейін', ru: 'Создан по' },
  'search.find': { kk: 'Табу', ru: 'Найти' },
  'search.found': { kk: 'Табылды: {n}', ru: 'Найдено: {n}' },
  'search.nothing': { kk: 'Ештеңе табылмады.', ru: 'Ничего не найдено.' },
  'search.truncated': { kk: 'Сәйкестік көп: сұрауды нақтылаңыз.', ru: 'Совпадений много: уточните запрос.' },
} as const satisfies Record<string, Entry>;
