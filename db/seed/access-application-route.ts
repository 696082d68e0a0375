/**
 * The access application route (seed-004 ¶¶13–14) as a published route version and a document type, so
 * the generic document workflow runs it: the applicant's head approves, then an administrator decides
 * within 24 hours (a refusal needs a reason: it returns the application to the applicant with it).
 */
import type { Models } from '../models';
import type { RouteDefinition } from '../../domain/routes/route-model';

export const ACCESS_APPLICATION_TYPE = 'access-application';

export const ACCESS_APPLICATION_ROUTE: RouteDefinition = {
  key: 'access-application',
  title: { kk: 'Есептік жазбаға өтінім', ru: 'Заявка на учётную запись' },
  stages: [
    {
      id: 'head-approval',
      title: 'The applicant\'s head signs the application',
      type: 'approval',
      mode: 'sequential',
      quorum: 'all',
      participants: [{ kind: 'author-unit-head' }],
      onReject: 'create-point',
    },
    {
      id: 'administrator-decision',
      title: 'An administrator registers, moves or blocks the account, or refuses with a reason',
      type: 'approval',
      mode: 'parallel',
      quorum: 'any',
      participants: [{ kind: 'role', role: 'administrator' }],
      deadline: { hours: 24 },
      onReject: 'create-point',
    },
  ],
};

const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

/** Idempotent: publishes version 1 and the document type once; an edited route is a designer's new version. */
export async function ensureAccessApplicationRoute(models: Pick<Models, 'RouteVersion' | 'DocumentType'>): Promise<void> {
  if (!(await models.RouteVersion.exists({ _id: `${ACCESS_APPLICATION_ROUTE.key}@1` }))) { // gapless versions: 1 exists if any does
    try {
      await models.RouteVersion.create({
        _id: `${ACCESS_APPLICATION_ROUTE.key}@1`,
        key: ACCESS_APPLICATION_ROUTE.key,
        version: 1,
        definition: ACCESS_APPLICATION_ROUTE,
        publishedBy: 'system',
        publishedAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // published by a concurrent first use
    }
  }
  await models.DocumentType.updateOne(
    { _id: ACCESS_APPLICATION_TYPE },
    { $setOnInsert: { title: { kk: 'Есептік жазбаға өтінім', ru: 'Заявка на учётную запись' }, routeKey: ACCESS_APPLICATION_ROUTE.key } },
    { upsert: true },
  );
}
