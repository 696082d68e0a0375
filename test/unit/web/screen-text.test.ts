/** The translation check's rules: what counts as English or a code on a kk/ru screen, and what does not. */
import path from 'node:path';
import { findingsIn, staticRoutesOf } from '../../support/screen-text';

it('passes a Kazakh and a Russian screen with numbers, dates and allowed names', () => {
  expect(findingsIn(['Шығыс хат № 01-13/7, 05.12.2026 14:30 · нұсқа 1', 'Файлды PDF түрінде жүктеу; NCALayer іске қосылмаған', 'Qujat Fund АҚ, info@qujat.kz'])).toEqual([]);
});

it.each([
  ['Not signed in HTTP 401', 'Latin word "Not"'],
  ['Маршрут: internal-memo · v1', 'kebab-case id "internal-memo"'],
  ['Оқиға update:document.submit', 'dotted code "document.submit"'],
  ['№ 3f2a9c1e…', 'hex id "3f2a9c1e"'],
  ['Құжат 3f2a9c1e-1b2c-4d5e-8f90-123456789abc', 'uuid "3f2a9c1e-1b2c-4d5e'],
  ['Журнал: incoming_letters', 'snake_case id "incoming_letters"'],
  ['Мерзімі 12/05/2026', 'mm/dd/yyyy date "12/05/2026"'],
  ['Күні 2026-12-05', 'ISO date "2026-12-05"'],
  ['ЭЦП: valid', 'Latin word "valid"'],
])('finds %j', (text, finding) => {
  expect(findingsIn([text]).join('\n')).toContain(finding);
});

it('finds a native date picker', () => {
  expect(findingsIn(['\u0000native-date-picker×2'])).toEqual([expect.stringContaining('native date picker')]);
});

it('reads the router fixed paths from the web sources', () => {
  const routes = staticRoutesOf(path.resolve(__dirname, '..', '..', '..', 'web', 'src'));
  expect(routes).toEqual(expect.arrayContaining(['/documents/new', '/search', '/help', '/admin']));
  expect(routes.some((r) => r.includes(':'))).toBe(false);
});
