/**
 * The reference tables, versioned: each row's versions are stored under `_id` `table|key|n`, n = 1, 2, … with no
 * gaps (a version is only written once the one before it exists, and `_id` is unique, so two administrators
 * saving at once cannot both make version n). The row in force at an instant is the version with the latest
 * valid-from not after it (the later version on a tie). Versions are never changed or removed: who changed
 * what, and from when it applies, stays readable.
 */
import { lastTakenPosition } from '../../db/last-taken-position';
import type { InfoReferenceRecord, InformationRequestModels } from '../../db/models/information-request';
import { ARTICLE_ROWS, ROLE_ROWS, SERVICE_ROWS, type ArticleRow, type RoleRow, type ServiceRow } from './catalogue-seed';

export type ReferenceTable = InfoReferenceRecord['table'];
export const REFERENCE_TABLES: ReferenceTable[] = ['roles', 'services', 'articles'];

export const SEED_AUTHOR = 'seed:004';
/** Bump when the shipped rows change: a database seeded before gets the new marker and only the rows it lacks. */
const SEED_MARKER = 'seed|004|1';
/** The shipped rows apply from the order's entry into force. */
const SEED_VALID_FROM = new Date('2016-01-01T00:00:00+05:00');

export const versionId = (table: ReferenceTable, key: string, version: number) => `${table}|${key}|${version}`;

type RowOf<T extends ReferenceTable> = T extends 'roles' ? RoleRow : T extends 'services' ? ServiceRow : ArticleRow;

function seedRows(): Array<Omit<InfoReferenceRecord, 'changedAt'>> {
  const rows = (table: ReferenceTable, key: string, data: object, ambiguous?: string, validFrom = SEED_VALID_FROM) => ({
    _id: versionId(table, key, 1), table, key, version: 1, validFrom, data: data as Record<string, unknown>, ambiguous, changedBy: SEED_AUTHOR, reason: 'seed-004 Annexes 1–3',
  });
  return [
    ...ROLE_ROWS.map(({ ambiguous, ...r }) => rows('roles', r.key, r, ambiguous)),
    ...SERVICE_ROWS.map(({ ambiguous, ...r }) => rows('services', String(r.code), r, ambiguous)),
    ...ARTICLE_ROWS.map(({ ambiguous, ...r }) => rows('articles', r.key, r, ambiguous, new Date(`${r.validFrom}T00:00:00+05:00`))),
  ];
}

export function createReferenceStore(models: Pick<InformationRequestModels, 'InfoReference'>, now: () => Date = () => new Date()) {
  const { InfoReference } = models;
  let seeded: Promise<void> | undefined;

  /** Ships the digest's tables once per database; rows an administrator already changed keep their versions. */
  function ensureSeeded(): Promise<void> {
    seeded ??= (async () => {
      if (await InfoReference.findById(SEED_MARKER).lean()) return;
      const at = now();
      try {
        await InfoReference.collection.insertMany(seedRows().map((r) => ({ ...r, changedAt: at })) as never[], { ordered: false });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000 && !String(error).includes('E11000')) throw error; // rows a concurrent seeder wrote
      }
      await InfoReference.collection.updateOne({ _id: SEED_MARKER } as never, { $setOnInsert: { table: 'marker', changedAt: at } }, { upsert: true });
    })().catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    return seeded;
  }

  async function versions(table: ReferenceTable, key: string): Promise<InfoReferenceRecord[]> {
    await ensureSeeded();
    const first = await InfoReference.findById(versionId(table, key, 1)).lean<InfoReferenceRecord>();
    if (!first) return [];
    const all: InfoReferenceRecord[] = [first];
    await lastTakenPosition(async (n) => {
      const row = await InfoReference.findById(versionId(table, key, n)).lean<InfoReferenceRecord>();
      if (row && !all.some((r) => r.version === n)) all.push(row);
      return row;
    }, { position: 1, value: first });
    return all.sort((a, b) => a.version - b.version);
  }

  function inForce(all: InfoReferenceRecord[], at: Date): InfoReferenceRecord | undefined {
    return all
      .filter((r) => r.validFrom.getTime() <= at.getTime())
      .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || a.version - b.version)
      .pop();
  }

  /** The row in force at `at`; a row whose version in force is withdrawn (`data.withdrawn`) counts as absent. */
  async function row<T extends ReferenceTable>(table: T, key: string, at: Date = now()): Promise<RowOf<T> | undefined> {
    const current = inForce(await versions(table, key), at);
    if (!current || current.data.withdrawn) return undefined;
    return current.data as unknown as RowOf<T>;
  }

  /** Every row of a table with its version in force now and its history (administrators' view; small tables). */
  async function table(name: ReferenceTable, at: Date = now()) {
    await ensureSeeded();
    const all = await InfoReference.find({ table: name }).lean<InfoReferenceRecord[]>();
    const byKey = new Map<string, InfoReferenceRecord[]>();
    for (const r of all) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    return [...byKey.entries()]
      .map(([key, rows]) => ({ key, current: inForce(rows, at), versions: rows.sort((a, b) => a.version - b.version) }))
      .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  }

  /**
   * A new version of a row: the next number is claimed by inserting it (unique `_id`); losing the race to
   * another administrator is a conflict the caller reports, never a silent overwrite.
   */
  async function change(name: ReferenceTable, key: string, input: { data: Record<string, unknown>; validFrom: Date; reason: string; changedBy: string; expectedVersion?: number }) {
    const existing = await versions(name, key);
    const last = existing[existing.length - 1]?.version ?? 0;
    if (input.expectedVersion !== undefined && input.expectedVersion !== last) return { conflict: true as const, current: last };
    const record: InfoReferenceRecord = {
      _id: versionId(name, key, last + 1), table: name, key, version: last + 1, validFrom: input.validFrom, data: input.data, changedBy: input.changedBy, changedAt: now(), reason: input.reason,
    };
    try {
      await InfoReference.collection.insertOne(record as never);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return { conflict: true as const, current: last + 1 };
      throw error;
    }
    return { conflict: false as const, record };
  }

  return { ensureSeeded, row, table, versions, change };
}

export type ReferenceStore = ReturnType<typeof createReferenceStore>;
