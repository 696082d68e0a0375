/** Request and response schemas of /api/org (validation and OpenAPI in one). */
import { EMPLOYEE_STATUSES, ROLES } from '../../db/models/employee';
import { isValidIin } from '../../signing/policy/iin';
import { z } from '../../domain/zod';

export const orgId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const bilingual = z.object({ kk: z.string().trim().min(1).max(300), ru: z.string().trim().min(1).max(300) }).strict();
const iin = z.string().regex(/^\d{12}$/, 'an IIN has 12 digits').refine(isValidIin, 'the IIN control digit does not match');
const email = z.string().trim().toLowerCase().email().max(254);
const fullName = z.string().trim().min(3).max(200);
const certificateDn = z.string().trim().min(3).max(1000);
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length).refine((r) => new Set(r).size === r.length, 'each role once');
/** Passwords: long rather than clever (NIST 800-63B); the hash is memory-hard. */
export const newPassword = z.string().min(12, 'at least 12 characters').max(256);

export const idParams = z.object({ id: orgId });

export const unitBody = z.object({ id: orgId.optional(), name: bilingual, parentId: orgId.optional(), headEmployeeId: orgId.optional() }).strict().openapi('UnitInput');
export const unitPatch = z
  .object({ name: bilingual.optional(), parentId: orgId.nullable().optional(), headEmployeeId: orgId.nullable().optional() })
  .strict()
  .openapi('UnitPatch');
export const unitView = z
  .object({ id: z.string(), name: z.object({ kk: z.string(), ru: z.string() }), parentId: z.string().optional(), headEmployeeId: z.string().optional() })
  .openapi('Unit');

export const positionBody = z.object({ id: orgId.optional(), title: bilingual, unitId: orgId }).strict().openapi('PositionInput');
export const positionPatch = z.object({ title: bilingual.optional(), unitId: orgId.optional() }).strict().openapi('PositionPatch');
export const positionView = z.object({ id: z.string(), title: z.object({ kk: z.string(), ru: z.string() }), unitId: z.string() }).openapi('Position');

export const employeeBody = z
  .object({
    id: orgId.optional(),
    fullName,
    iin: iin.optional(),
    email: email.optional(),
    language: z.enum(['kk', 'ru']).default('kk'),
    unitId: orgId,
    positionId: orgId.optional(),
    roles: roles.default(['employee']),
    certificateDn: certificateDn.optional(),
    password: newPassword.optional(),
  })
  .strict()
  .openapi('EmployeeInput');

export const employeePatch = z
  .object({
    fullName: fullName.optional(),
    iin: iin.nullable().optional(),
    email: email.nullable().optional(),
    language: z.enum(['kk', 'ru']).optional(),
    unitId: orgId.optional(),
    positionId: orgId.nullable().optional(),
    roles: roles.optional(),
    certificateDn: certificateDn.nullable().optional(),
    status: z.enum(['active', 'blocked']).optional().openapi({ description: 'Dismissal and deletion go through the transfer of cases.' }),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field')
  .openapi('EmployeePatch');

export const employeeQuery = z
  .object({
    unitId: orgId.optional(),
    status: z.enum(EMPLOYEE_STATUSES).optional(),
    role: z.enum(ROLES).optional(),
    q: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const employeeView = z
  .object({
    id: z.string(),
    fullName: z.string(),
    unitId: z.string(),
    positionId: z.string().optional(),
    status: z.enum(EMPLOYEE_STATUSES),
    language: z.enum(['kk', 'ru']),
    roles: z.array(z.enum(ROLES)).optional(),
    iin: z.string().optional(),
    email: z.string().optional(),
    certificateDn: z.string().optional(),
    lockedUntil: z.string().optional(),
    dismissedAt: z.string().optional(),
    deletedAt: z.string().optional(),
  })
  .openapi('Employee', { description: 'Personal fields (IIN, e-mail, certificate, roles) only for administrators, auditors and the person themself.' });

export const passwordBody = z.object({ password: newPassword }).strict().openapi('SetPassword');

export const transferBody = z
  .object({
    toEmployeeId: orgId,
    then: z.enum(['nothing', 'dismiss', 'delete']).openapi({ description: 'What becomes of the first employee after the transfer.' }),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict()
  .openapi('TransferOfCases');

export const transferResult = z
  .object({
    fromEmployeeId: z.string(),
    toEmployeeId: z.string(),
    then: z.enum(['nothing', 'dismiss', 'delete']),
    documents: z.array(z.object({ documentId: z.string(), tasks: z.number(), resolutions: z.number(), authorship: z.boolean() })),
    unitsHeaded: z.array(z.string()),
    substitutionsCancelled: z.number(),
    failed: z.array(z.object({ documentId: z.string(), reason: z.string() })),
    status: z.enum(EMPLOYEE_STATUSES),
  })
  .openapi('TransferResult');

export const meView = z
  .object({
    employee: employeeView,
    session: z.object({ method: z.string(), expiresAt: z.string() }),
    agreement: z.object({ currentVersion: z.string(), accepted: z.boolean() }),
    represents: z.array(z.object({ absentId: z.string(), documentTypes: z.array(z.string()).optional(), via: z.array(z.string()) })),
  })
  .openapi('Me');
