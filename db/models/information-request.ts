/**
 * Information requests between bodies (docs/information-requests.md): the versioned reference tables, the case
 * register the justification check reads, who holds which catalogue role, the requests with their signed
 * answers (kept forever), the registered data sources, the monthly reviews and the prosecutor's checks.
 * The log journal is a hash chain written through domain/information-requests/log-journal.ts.
 */
import { Schema, type Connection, type Model, type SchemaDefinition } from 'mongoose';


export interface InfoReferenceRecord {
  _id: string;
  table: 'roles' | 'services' | 'articles';
  key: string;
  version: number;
  validFrom: Date;
  data: Record<string, unknown>;
  ambiguous?: string;
  changedBy: string;
  changedAt: Date;
  reason?: string;
}

export interface InfoCaseRecord {
  _id: string;
  register: string;
  number: string;
  court?: string;
  year?: string;
  assignedTo: string[];
  articles: string[];
  updatedBy: string;
  updatedAt: Date;
}

export interface InfoRequesterRecord {
  _id: string;
  roleKey: string;
  changedBy: string;
  changedAt: Date;
}

export interface InfoSignature {
  cms: Buffer;
  sha256: string;
  signerIin?: string;
  by: 'employee' | 'organisation';
}

export interface InfoRequestRecord {
  _id: string;
  number: string;
  requesterId: string;
  roleKey?: string;
  basis: string;
  identifiers: Record<string, string>;
  service: number;
  article?: string;
  subject: string;
  purpose?: string;
  status: 'refused' | 'awaiting-answer' | 'answered';
  refusal?: { code: string; field: string; reason: string };
  signature?: InfoSignature;
  signedText?: string;
  redacted: boolean;
  /**
   * Who provides it: a data source, a unit of ours, or another organisation across the exchange (its BIN, its name
   * as the address book gave it when the request was sent, and the envelope the request went in).
   */
  provider?: {
    kind: 'source' | 'unit' | 'exchange';
    unitId?: string;
    bin?: string;
    name?: { kk: string; ru: string };
    envelopeId?: string;
    /** The provider's own number of the request, from its answer. */
    providerNumber?: string;
  };
  /** A request that came to us across the exchange: who sent it and their own id and number of it. */
  origin?: {
    bin: string;
    name: { kk: string; ru: string };
    envelopeId: string;
    requestId: string;
    number: string;
    requester: { employeeId: string; iin: string; fullName?: string };
  };
  answer?: { result: unknown; answeredBy: string; answeredAt: Date; signedText: string; signature: InfoSignature };
  /** A refusal signed by the organisation: ours of a request that came across, or the provider's of ours. */
  refusalSignature?: { signedText: string; signature: InfoSignature };
  /** The log journal entries of a request that crossed the exchange are written (a retried step writes none twice). */
  logged?: boolean;
  outcomeLogged?: boolean;
  createdAt: Date;
}

export interface InfoDataSourceRecord {
  _id: string;
  service: number;
  subject: string;
  /** false: the source answers "not found" for this subject (entries written before this field say found). */
  found?: boolean;
  result: unknown;
  changedBy: string;
  changedAt: Date;
}

export interface InfoReviewRecord {
  _id: string;
  month: string;
  officialId: string;
  unitIds: string[];
  status: 'open' | 'closed';
  openedAt: Date;
  closedAt?: Date;
  violations: Array<{ requestId: string; employeeId: string; reason: string; markedAt: Date }>;
}

export interface InfoProsecutorCheckRecord {
  _id: string;
  employeeId: string;
  from: Date;
  to: Date;
  prosecutor: string;
  resolution: { number: string; date: string; sha256: string; fileName: string; content: Buffer };
  registeredBy: string;
  exportText: string;
  signature: InfoSignature;
  createdAt: Date;
}

/** Schemaless beyond `_id` and the indexed fields: the records are written whole by the service, typed by the interfaces above. */
function loose<T>(connection: Connection, name: string, collection: string, fields: SchemaDefinition = {}): Model<T> {
  const schema: Schema = new Schema({ _id: { type: String, required: true }, ...fields } as SchemaDefinition, { strict: false, minimize: false, versionKey: false });
  return connection.model(name, schema, collection) as unknown as Model<T>;
}

export function createInformationRequestModels(connection: Connection) {
  return {
    InfoReference: loose<InfoReferenceRecord>(connection, 'InfoReference', 'info_reference', { table: { type: String, index: true } }),
    InfoCase: loose<InfoCaseRecord>(connection, 'InfoCase', 'info_cases'),
    InfoRequester: loose<InfoRequesterRecord>(connection, 'InfoRequester', 'info_requesters'),
    InfoRequest: loose<InfoRequestRecord>(connection, 'InfoRequest', 'info_requests', { requesterId: { type: String, index: true } }),
    InfoDataSource: loose<InfoDataSourceRecord>(connection, 'InfoDataSource', 'info_data_sources'),
    InfoReview: loose<InfoReviewRecord>(connection, 'InfoReview', 'info_reviews'),
    InfoProsecutorCheck: loose<InfoProsecutorCheckRecord>(connection, 'InfoProsecutorCheck', 'info_prosecutor_checks'),
  };
}

export type InformationRequestModels = ReturnType<typeof createInformationRequestModels>;
