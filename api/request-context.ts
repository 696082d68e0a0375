/** Who is calling: set by the authentication middleware, read by handlers and the refusal log. */
import type { Request } from 'express';
import type { Role } from '../db/models/employee';

export interface AuthenticatedActor {
  employeeId: string;
  roles: Role[];
  sessionId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: AuthenticatedActor;
  }
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
