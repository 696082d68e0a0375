/**
 * The translation check's reading of a screen: what on a kk/ru screen is English or an internal code. Kept apart
 * from the browser walk so its rules are unit-tested (test/unit/web/screen-text.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Latin words a Kazakh or Russian screen may show: product and format names, and the demo organisation's own
 * name. Everything else in Latin letters is an untranslated word or a code.
 */
export const LATIN_ALLOWED = new Set(['Qujat', 'Fund', 'NCALayer', 'PDF', 'XLSX', 'DOCX', 'CSV', 'JSON', 'CMS', 'XML', 'Temporal', 'PKCS', 'SHA', 'OCSP', 'RSA', 'ECDSA', 'GOST', 'Excel', 'DOC', 'Word', 'PEM']);

const IDENTIFIER_SHAPES: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}\b/gi, 'uuid'],
  [/(?<![\p{L}\d])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{6,}(?![\p{L}\d])/giu, 'hex id'],
  [/\b[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+\b/g, 'dotted code'],
  [/\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g, 'kebab-case id'],
  [/\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g, 'snake_case id'],
  [/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g, 'mm/dd/yyyy date'],
  [/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, 'ISO date'],
  [/\b(?:mm|dd)\/(?:dd|mm)\/yyyy\b/gi, 'mm/dd/yyyy placeholder'],
];

/** Addresses and e-mail are data a person typed, not words of the interface. */
const VERBATIM = [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, /\bhttps?:\/\/\S+/g];

/** Everything wrong with one screen's texts, each finding once, with the offending string. */
export function findingsIn(texts: string[]): string[] {
  const found = new Set<string>();
  for (const raw of texts) {
    if (raw.startsWith('\u0000native-date-picker')) {
      found.add(`a native date picker (shows mm/dd/yyyy in an English browser): ${raw.slice(1)}`);
      continue;
    }
    let text = raw;
    for (const v of VERBATIM) text = text.replace(v, ' ');
    for (const [shape, name] of IDENTIFIER_SHAPES) for (const m of text.matchAll(shape)) found.add(`${name} "${m[0]}"`);
    for (const m of text.matchAll(/[A-Za-z]+/g)) if (!LATIN_ALLOWED.has(m[0])) found.add(`Latin word "${m[0]}" in "${context(text, m.index ?? 0)}"`);
  }
  return [...found];
}

function context(text: string, at: number): string {
  return text.slice(Math.max(0, at - 30), at + 30).replace(/\s+/g, ' ').trim();
}

/**
 * The router's fixed paths (no ":param"), read from the web sources: every `matchPath('/…', path)` in
 * web/src, so a screen added to the router later is walked without touching the test.
 */
export function staticRoutesOf(webSrc: string): string[] {
  const routes = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.tsx?$/.test(entry.name)) for (const m of fs.readFileSync(full, 'utf8').matchAll(/matchPath\(\s*'(\/[^':]*)'/g)) routes.add(m[1]);
    }
  };
  visit(webSrc);
  return [...routes].sort();
}
