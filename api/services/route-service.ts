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

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

export function createRouteService(deps: { models: Models; participants: ParticipantResolver }) {
  const { RouteDraft, RouteVersion, DocumentType } = deps.models;
  const routeVersions = createRouteVersionReader(deps.models);

  function validate(definition: unknown, prefix = 'body'): RouteDefinition {
    const result = routeDefinitionSchema.safeParse(definition);
    if (!result.success) throw problems.validation(fieldErrors(result.error, prefix));
    return result.data as RouteDefinition;
  }

  async function list() {
    const drafts = await RouteDraft.find({}, { _id: 1, updatedAt: 1 }).sort({ _id: 1 }).lean();
    // Not $group/$max: the embedded FerretDB v1 does not implement that accumulator (GET /api/routes was a 500
    // there, found by test/api/fuzz.test.ts); route versions are few, so the maximum is taken here.
    const versions = await RouteVersion.find({}, { key: 1, version: 1 }).lean();
    const versionOf = new Map<string, number>();
    for (const v of versions) versionOf.set(v.key, Math.max(v.version, versionOf.get(v.key) ?? 0));
    return drafts.map((d) => ({ key: d._id, latestVersion: versionOf.get(d._id) ?? null, draftUpdatedAt: d.updatedAt?.toISOString() }));
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
      const problemsFound = participants.length === 0 ? ['nobody would be asked at this stage'] : [];
      if (stage.type === 'approval' && !stage.allowSelfApproval && participants.includes(sample.authorId)) {
        problemsFound.push('the author is among the approvers and will be skipped (self-approval is not allowed)');
      }
      stages.push({ id: stage.id, type: stage.type, participants, acknowledgers, deadline: stage.deadline ?? null, problems: problemsFound });
    }
    return { key: route.key, stages };
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

  return { validate, list, get, getVersion, saveDraft, publish, dryRun, listDocumentTypes, bindDocumentType };
}

export type RouteService = ReturnType<typeof createRouteService>;
