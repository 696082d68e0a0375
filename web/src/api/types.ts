/**
 * The API's shapes as the UI reads them, taken from the same zod schemas that validate the API's input and
 * generate GET /api/openapi.json, so the UI and the contract cannot drift apart. The imports are type-only:
 * Vite erases them, so no server code reaches the browser bundle; `tsc -p web/tsconfig.json` resolves them.
 * The live route state (`DocumentView.workflow`) is the domain's DocumentState as the workflow's query returns
 * it; the OpenAPI document leaves it an open object because it grows with the route model.
 */
import type { z } from 'zod';
import type { adminRequestView } from '../../../api/services/admin-request-schemas';
import type { attachmentView } from '../../../api/services/attachment-schemas';
import type { signedInView } from '../../../api/services/auth-schemas';
import type { documentTypeView, documentView } from '../../../api/services/document-schemas';
import type { inboxItem, inboxPage } from '../../../api/services/inbox-schemas';
import type { employeeView, meView } from '../../../api/services/org-schemas';
import type { InboxView as InboxViewName } from '../../../db/models/inbox-entry';
import type { Role as RoleName } from '../../../db/models/employee';
import type { DocumentState } from '../../../domain/documents/document-state';
import type { routeDefinitionSchema, stageSchema } from '../../../domain/routes/route-schema';

export type {
  Deadline,
  DocumentStatus,
  ExecutionCard,
  Resolution,
  Task,
  TaskKind,
  TaskState,
} from '../../../domain/documents/document-state';
export type { ParticipantRef, StageType } from '../../../domain/routes/route-model';

export type WorkflowState = DocumentState;
/** `fields` is the card's own fields (sender's number and date …), sent by the view schema itself. */
export type DocumentView = Omit<z.output<typeof documentView>, 'workflow'> & { workflow?: WorkflowState };
export type Lang = DocumentView['language'];
export type DocumentType = z.output<typeof documentTypeView>;
export type Bilingual = DocumentType['title'];

export type InboxView = InboxViewName;
export type InboxItem = z.output<typeof inboxItem>;
export type InboxPage = z.output<typeof inboxPage>;

export type Role = RoleName;
export type Employee = z.output<typeof employeeView>;
export type Me = z.output<typeof meView>;
export type SignedIn = z.output<typeof signedInView>;

/**
 * A union read field by field, the way the designer and the route view read a stage of any type: the fields
 * every member requires keep their type, the others become optional with the type of the members that have them.
 */
type KeysOfAny<U> = U extends unknown ? keyof U : never;
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type RequiredInAll<U> = Exclude<keyof U, U extends unknown ? OptionalKeys<U> : never>;
type ValueAt<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
type Flat<U> = { [K in RequiredInAll<U>]: ValueAt<U, K> } & { [K in Exclude<KeysOfAny<U>, RequiredInAll<U>>]?: ValueAt<U, K> };

type Stage = z.output<typeof stageSchema>;
export type StageDefinition = Omit<Flat<Stage>, 'deadline'> & { deadline?: Flat<NonNullable<Stage['deadline']>> };
export type RouteDefinition = Omit<z.output<typeof routeDefinitionSchema>, 'stages'> & { stages: StageDefinition[] };

export type Attachment = z.output<typeof attachmentView>;

/** A request to the system administrator raised from a memo's execution (002 §§7–9). */
export type AdminRequest = z.output<typeof adminRequestView>;
