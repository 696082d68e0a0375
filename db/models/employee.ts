/** The organisation: units (a tree), positions and employees; routes resolve participants against it. */
import { installEmployeesVersionHooks } from '../employees-version';
import { installPeopleCacheVersionHooks } from '../people-cache-version';
import { installSessionActorHooks } from '../session-actor';
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const ROLES = ['employee', 'registrar', 'controller', 'designer', 'administrator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export const EMPLOYEE_STATUSES = ['active', 'blocked', 'dismissed', 'deleted'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

const unitSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { kk: { type: String, required: true }, ru: { type: String, required: true } },
    parentId: { type: String, index: true },
    headEmployeeId: { type: String },
  },
  { timestamps: true },
);

const positionSchema = new Schema(
  {
    _id: { type: String, required: true },
    title: { kk: { type: String, required: true }, ru: { type: String, required: true } },
    unitId: { type: String, required: true, index: true },
  },
  { timestamps: true },
);

const employeeSchema = new Schema(
  {
    _id: { type: String, required: true },
    fullName: { type: String, required: true },
    iin: { type: String, index: true },
    email: { type: String },
    language: { type: String, enum: ['kk', 'ru'], default: 'kk' },
    unitId: { type: String, required: true, index: true },
    positionId: { type: String, index: true },
    roles: { type: [String], enum: ROLES, default: ['employee'] },
    /** Distinguished name of the signing certificate the administrator registered. */
    certificateDn: { type: String },
    status: { type: String, enum: EMPLOYEE_STATUSES, default: 'active', index: true },
    passwordHash: { type: String },
    /** Password login guard: consecutive failures and the lock they caused (see api/services/auth-service). */
    loginGuard: {
      failures: { type: Number, default: 0 },
      lockedUntil: { type: Date },
    },
    /** When the account left: dismissal keeps the record; deletion also erases its personal data. */
    dismissedAt: { type: Date },
    deletedAt: { type: Date },
    /**
     * The consent in force: a pointer to its acceptance record (the record stays the proof and the truth), so the
     * per-request agreement check reads by _id instead of searching agreement_acceptances (api/services/agreement-service).
     */
    agreement: { version: { type: String }, acceptanceId: { type: String } },
  },
  { timestamps: true },
);

// Role and position lookups are cached by the participant resolver until these writes move the token.
installEmployeesVersionHooks(employeeSchema);
// The worker keeps these fields of the people it notifies (db/people-cache-version.ts): these writes drop the copy.
installPeopleCacheVersionHooks(employeeSchema, { fields: ['fullName', 'email', 'language', 'status'] });
// Sessions keep a copy of the roles, status, IIN and agreement pointer (db/session-actor.ts): these writes drop it.
installSessionActorHooks(employeeSchema, { idField: '_id', fields: ['roles', 'status', 'agreement', 'iin'] });

export type UnitRecord = InferSchemaType<typeof unitSchema>;
export type PositionRecord = InferSchemaType<typeof positionSchema>;
export type EmployeeRecord = InferSchemaType<typeof employeeSchema>;
export type UnitModel = Model<UnitRecord>;
export type PositionModel = Model<PositionRecord>;
export type EmployeeModel = Model<EmployeeRecord>;

export function createOrgModels(connection: Connection): { Unit: UnitModel; Position: PositionModel; Employee: EmployeeModel } {
  return {
    Unit: connection.model<UnitRecord>('Unit', unitSchema, 'units'),
    Position: connection.model<PositionRecord>('Position', positionSchema, 'positions'),
    Employee: connection.model<EmployeeRecord>('Employee', employeeSchema, 'employees'),
  };
}
