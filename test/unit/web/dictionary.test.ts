/**
 * The web dictionary is assembled from one table per part of the interface. Spreading them into one object
 * would let a key defined twice win silently by order, and a forgotten part would leave its keys out; both
 * are refused here. Each entry needs both languages, non-empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DICTIONARY } from '../../../web/src/i18n/dictionary';

type Table = Record<string, { kk: string; ru: string }>;

const dir = path.resolve(__dirname, '../../../web/src/i18n/messages');
const parts: Array<[string, Table]> = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'entry.ts')
  .sort()
  .map((f) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(path.join(dir, f)) as Record<string, Table>);
    expect(exported).toHaveLength(1);
    return [f, exported[0]];
  });

it('has the parts of the interface as separate tables', () => {
  expect(parts.map(([f]) => f)).toEqual(expect.arrayContaining(['common.ts', 'document-card.ts', 'admin.ts', 'events.ts']));
});

it('defines each key in one part only', () => {
  const seen = new Map<string, string>();
  const repeats: string[] = [];
  for (const [file, table] of parts) {
    for (const key of Object.keys(table)) {
      if (seen.has(key)) repeats.push(`${key}: ${seen.get(key)} and ${file}`);
      seen.set(key, file);
    }
  }
  expect(repeats).toEqual([]);
});

it('takes every key of every part', () => {
  const all = parts.flatMap(([, table]) => Object.keys(table)).sort();
  expect(Object.keys(DICTIONARY).sort()).toEqual(all);
});

it('says every message in Kazakh and Russian', () => {
  const missing = Object.entries(DICTIONARY as Table).filter(([, e]) => !e.kk.trim() || !e.ru.trim()).map(([k]) => k);
  expect(missing).toEqual([]);
});
