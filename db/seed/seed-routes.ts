/**
 * Loads the standard routes (as version 1) and document types when they are missing. Idempotent: an
 * existing route or type, perhaps already edited by a designer, is left alone.
 */
import type { Models } from '../models';
import { routeDefinitionSchema } from '../../domain/routes/route-schema';
import { STANDARD_DOCUMENT_TYPES, STANDARD_ROUTES } from './standard-routes';

export async function seedStandardRoutes(models: Pick<Models, 'RouteVersion' | 'RouteDraft' | 'DocumentType'>): Promise<void> {
  for (const definition of STANDARD_ROUTES) {
    routeDefinitionSchema.parse(definition); // a broken seed must fail loudly, not at the first document
    // Version 1 exists whenever any does (versions are gapless); by _id, which the embedded database looks up without a scan.
    if (await models.RouteVersion.exists({ _id: `${definition.key}@1` })) continue;
    try {
      await models.RouteVersion.create({ _id: `${definition.key}@1`, key: definition.key, version: 1, definition, publishedBy: 'system', publishedAt: new Date() });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // another process seeded it first
    }
    await models.RouteDraft.updateOne({ _id: definition.key }, { $setOnInsert: { definition, updatedBy: 'system' } }, { upsert: true });
  }
  for (const type of STANDARD_DOCUMENT_TYPES) {
    await models.DocumentType.updateOne({ _id: type._id }, { $setOnInsert: type }, { upsert: true });
  }
}
