/**
 * Route design: drafts, validation, dry runs, immutable published versions, and the binding of document
 * types to routes. Publishing never touches running documents: each pinned its version when it started.
 */
import type { Models } from '../../db/models';
import { createRouteVersionReader } from '../../db/route-version-reader';
import type { ParticipantResolver } from '../../domain/documents/participant-resolver';
import type { RouteDefinition } from '../../domain/routes/route-model';
import { problems } from '../problem';
import { fieldErrors } from '../validation';
import { routeDefinitionSchema } from '../../domain/routes/route-schema';

export type DryRunProblemCode = 'nobody' | 'author-only-approver' | 'author-skipped';
const RUNNING_LIST_LIMIT = 500;

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

export function createRouteService(deps: { models: Models; participants: ParticipantResolver }) {
  const { RouteDraft, RouteVersion, DocumentType, Document } = deps.models;
  const routeVersions = createRouteVersionReader(deps.models);

  function validate(definition: unknown, prefix = 'body'): RouteDefinition {
    const result = routeDefinitionSchema.safeParse(definition);
    if (!result.success) throw problems.validation(fieldErrors(result.error, prefix));
    return result.data as RouteDefinition;
  }

  async function list() {
    const drafts = await RouteDraft.find({}, { _id: 1, updatedAt: 1, 'definition.title': 1 }).sort({ _id: 1 }).lean();
    // Not $group/$max: the embedded FerretDB v1 does not implement that accumulator (GET /api/routes was a 500
    // there, found by test/api/fuzz.test.ts); route versions are few, so the maximum is taken here.
    const versions = await RouteVersion.find({}, { key: 1, version: 1 }).lean();
    const versionOf = new Map<string, number>();
    for (const v of versions) versionOf.set(v.key, Math.max(v.version, versionOf.get(v.key) ?? 0));
    // The title, so a designer picks a route by its name rather than its key.
    const titleOf = (d: (typeof drafts)[number]) => (d.definition as { title?: { kk: string; ru: string } } | undefined)?.title;
    return drafts.map((d) => ({ key: d._id, title: titleOf(d), latestVersion: versionOf.get(d._id) ?? null, draftUpdatedAt: d.updatedAt?.toISOString() }));
  }

  async function get(key: string) {
    const draft = await RouteDraft.findById(key).lean();
    const versions = await RouteVersion.find({ key }, { version: 1, publishedAt: 1, publishedBy: 1 }).sort({ version: -1 }).lean();
    if (!draft && versions.length === 0) throw problems.notFound(`Route "${key}"`);
    return {
      key,
      draft: (draft?.definition as RouteDefinition | undefined) ?? null,
      versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy })),
    };
  }

  async function getVersion(key: string, version: number) {
    const found = await routeVersions.get(key, version);
    if (!found) throw problems.notFound(`Route "${key}" version ${version}`);
    return { key, version, definition: found.definition as RouteDefinition, publishedAt: found.publishedAt.toISOString(), publishedBy: found.publishedBy };
  }

  async function saveDraft(key: string, definition: unknown, by: string) {
    const route = validate(definition);
    if (route.key !== key) throw problems.validation([{ field: 'body.key', message: `must equal the route key in the path ("${key}")` }]);
    await RouteDraft.updateOne({ _id: key }, { $set: { definition: route, updatedBy: by } }, { upsert: true });
    return get(key);
  }

  /** Publishes the draft as the next version; a concurrent publish gets the one after. */
  async function publish(key: string, by: string) {
    const draft = await RouteDraft.findById(key).lean();
    if (!draft) throw problems.notFound(`Draft of route "${key}"`);
    const definition = validate(draft.definition, 'draft');
    for (let attempt = 0; attempt < 20; attempt++) {
      const version = ((await routeVersions.latest(key))?.version ?? 0) + 1;
      try {
        await RouteVersion.create({ _id: `${key}@${version}`, key, version, definition, publishedBy: by, publishedAt: new Date() });
        return getVersion(key, version);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw problems.conflict(`Route "${key}" is being published by someone else; try again.`);
  }

  /** Who would be asked at each stage, for a sample document, against the org tree as it is now. */
  async function dryRun(definition: unknown, sample: { authorId: string; participants: Record<string, unknown> }) {
    const route = validate(definition, 'body.definition');
    const context = { documentId: 'dry-run', authorId: sample.authorId, card: sample.participants };
    const stages = [];
    for (const stage of route.stages) {
      const people = async (refs: typeof stage.participants) => {
        const ids: string[] = [];
        for (const ref of refs) for (const id of await deps.participants.resolve(ref, context)) if (!ids.includes(id)) ids.push(id);
        return ids;
      };
      const participants = await people(stage.participants);
      const acknowledgers = stage.type === 'execution' && stage.acknowledgers ? await people(stage.acknowledgers) : [];
      // Each finding is given twice: in words for API users, and as a code the web UI says in kk/ru.
      const findings: Array<[DryRunProblemCode, string]> = participants.length === 0 ? [['nobody', 'nobody would be asked at this stage']] : [];
      if (stage.type === 'approval' && !stage.allowSelfApproval && participants.includes(sample.authorId)) {
        findings.push(
          participants.length === 1
            ? ['author-only-approver', "the author is the only approver: the author's head approves instead (self-approval is not allowed)"]
            : ['author-skipped', 'the author is among the approvers and will be skipped (self-approval is not allowed)'],
        );
      }
      stages.push({
        id: stage.id,
        type: stage.type,
        participants,
        acknowledgers,
        deadline: stage.deadline ?? null,
        problems: findings.map(([, text]) => text),
        problemCodes: findings.map(([code]) => code),
      });
    }
    return { key: route.key, stages };
  }

  /**
   * The documents that keep an older version of the route: every document not yet executed was pinned to the
   * version current when it was created, and publishing never moves it. Shown to the designer before and
   * after publishing. A designer's occasional look, so a filter on the route key (a scan on the embedded
   * store) is acceptable; the list is capped, the count is not.
   */
  async function runningDocuments(key: string) {
    const latest = (await routeVersions.latest(key))?.version ?? null;
    const docs = await Document.find(
      { 'route.key': key, status: { $ne: 'executed' } },
      { _id: 1, title: 1, status: 1, route: 1, draftNumber: 1, 'registration.number': 1, createdAt: 1 },
    ).lean();
    const versionOf = (d: (typeof docs)[number]) => d.route?.version ?? 0;
    docs.sort((a, b) => versionOf(a) - versionOf(b) || String(a._id).localeCompare(String(b._id)));
    const onOlder = latest === null ? [] : docs.filter((d) => versionOf(d) < latest);
    return {
      key,
      latestVersion: latest,
      running: docs.length,
      onOlderVersions: onOlder.length,
      documents: onOlder.slice(0, RUNNING_LIST_LIMIT).map((d) => ({
        id: String(d._id),
        title: d.title,
        status: d.status,
        version: versionOf(d),
        number: d.registration?.number ?? d.draftNumber ?? null,
        createdAt: (d.createdAt as Date | undefined)?.toISOString() ?? null,
      })),
    };
  }

  async function listDocumentTypes() {
    const types = await DocumentType.find({}).sort({ _id: 1 }).lean();
    return types.map((t) => ({ id: t._id, title: t.title, routeKey: t.routeKey }));
  }

  async function bindDocumentType(typeId: string, body: { title: { kk: string; ru: string }; routeKey: string }) {
    if (!(await RouteVersion.exists({ key: body.routeKey }))) {
      throw problems.validation([{ field: 'body.routeKey', message: `route "${body.routeKey}" has no published version` }]);
    }
    await DocumentType.updateOne({ _id: typeId }, { $set: { title: body.title, routeKey: body.routeKey } }, { upsert: true });
    return { id: typeId, ...body };
  }

  return { validate, list, get, getVersion, saveDraft, publish, dryRun, runningDocuments, listDocumentTypes, bindDocumentType };
}

export type RouteService = ReturnType<typeof createRouteService>;
