/**
 * A version token of who holds which role or position, kept in one `_id`-keyed document: the participant
 * resolver keeps the members of a role or position in memory and reads them again (a full scan of
 * `employees` on the embedded database) only when the token has moved. Every write of an employee through
 * the mongoose model that may change `roles`, `positionId` or `status` — and every insert, delete, replace
 * or bulk write — writes a new token once it is done (db/models/employee.ts installs the hooks).
 * A write that bypasses the model (a raw collection write) does not move it: none in the code does.
 */
import type { Connection, Schema } from 'mongoose';
import { installVersionTokenHooks, readVersionToken } from './version-token';

const COLLECTION = 'employees_version';

/** Fields whose change alters who a role or position lookup finds. */
const MEMBERSHIP_FIELDS = ['roles', 'positionId', 'status'];

export async function employeesVersion(connection: Connection): Promise<string> {
  return readVersionToken(connection, COLLECTION);
}

/** Moves the token after every write through the Employee model that may change membership. */
export function installEmployeesVersionHooks(schema: Schema): void {
  installVersionTokenHooks(schema, COLLECTION, { fields: MEMBERSHIP_FIELDS });
}
