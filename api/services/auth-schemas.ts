/** A new session as the sign-in endpoints answer it. */
import { z } from '../../domain/zod';

export const signedInView = z
  .object({
    token: z.string().openapi({ description: 'Send as "Authorization: Bearer <token>".' }),
    expiresAt: z.string(),
    employeeId: z.string(),
    roles: z.array(z.string()),
    agreementRequired: z.boolean().openapi({ description: 'True until the current user agreement is accepted (GET /api/me/agreement).' }),
  })
  .openapi('SignedIn');
