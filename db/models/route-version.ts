/**
 * Routes as data: designers edit drafts, publish immutable numbered versions, and bind document types
 * to a route. A document pins the version current when it starts.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { installRouteCatalogueVersionHooks } from '../route-catalogue-version';

const routeDraftSchema = new Schema(
  {
    _id: { type: String, required: true }, // route key
    definition: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String },
  },
  { timestamps: true, minimize: false },
);

const routeVersionSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${key}@${version}`
    key: { type: String, required: true },
    version: { type: Number, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    publishedBy: { type: String, required: true },
    publishedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
routeVersionSchema.index({ key: 1, version: -1 }, { unique: true });
installRouteCatalogueVersionHooks(routeVersionSchema);

const documentTypeSchema = new Schema(
  {
    _id: { type: String, required: true }, // e.g. "outgoing-letter"
    title: { kk: { type: String, required: true }, ru: { type: String, required: true } },
    routeKey: { type: String, required: true },
    /** Journal used to give a draft number on save. */
    draftJournal: { type: String },
  },
  { timestamps: true },
);
installRouteCatalogueVersionHooks(documentTypeSchema);

export type RouteDraftRecord = InferSchemaType<typeof routeDraftSchema>;
export type RouteVersionRecord = InferSchemaType<typeof routeVersionSchema>;
export type DocumentTypeRecord = InferSchemaType<typeof documentTypeSchema>;

export function createRouteModels(connection: Connection): {
  RouteDraft: Model<RouteDraftRecord>;
  RouteVersion: Model<RouteVersionRecord>;
  DocumentType: Model<DocumentTypeRecord>;
} {
  return {
    RouteDraft: connection.model<RouteDraftRecord>('RouteDraft', routeDraftSchema, 'route_drafts'),
    RouteVersion: connection.model<RouteVersionRecord>('RouteVersion', routeVersionSchema, 'route_versions'),
    DocumentType: connection.model<DocumentTypeRecord>('DocumentType', documentTypeSchema, 'document_types'),
  };
}
