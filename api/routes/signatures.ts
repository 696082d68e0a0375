/** /api/documents/:id/signatures and the content a signer signs. */
import type { RouteKit } from '../route-kit';
import type { SignatureService } from '../services/signature-service';
import { documentIdParams, documentView } from '../services/document-schemas';
import { z } from '../../domain/zod';

/** base64 of at most 2 MiB of DER, or the same as PEM; decoded and capped again by the engine. */
const MAX_CMS_TEXT = 2_900_000;

const signatureView = z
  .object({
    id: z.string(),
    submittedBy: z.string(),
    onBehalfOf: z.string().optional(),
    status: z.enum(['pending', 'valid', 'invalid']),
    contentSha256: z.string().optional(),
    verifiedAt: z.string().optional(),
    submittedAt: z.string(),
    report: z.record(z.unknown()).nullable().openapi({ description: 'The verdict with its evidence: subject, IIN/BIN, roles, issuer, serial, validity, revocation, signing time and source, algorithm' }),
  })
  .openapi('Signature');

export function mountSignatureRoutes(route: RouteKit, signatures: SignatureService): void {
  route(
    {
      method: 'get',
      path: '/api/documents/:id/content-to-sign',
      summary: 'The exact bytes a signature must cover (card fields and attachment hashes, canonical JSON)',
      tags: ['signatures'],
      roles: [],
      params: documentIdParams,
      response: { description: 'Content to sign', schema: z.object({ documentId: z.string(), contentBase64: z.string(), sha256: z.string(), mediaType: z.string() }) },
    },
    async ({ actor, params }) => signatures.contentToSign(actor, params.id),
  );
  route(
    {
      method: 'post',
      path: '/api/documents/:id/signatures',
      summary: 'Sign: a CMS (base64 DER or PEM, detached or attached) over the content to sign; verified before the route moves on',
      tags: ['signatures'],
      roles: [],
      params: documentIdParams,
      body: z
        .object({
          cms: z.string().min(16, 'not a CMS').max(MAX_CMS_TEXT, 'larger than the 2 MiB a CMS may be'),
          onBehalfOf: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/).optional(),
        })
        .strict(),
      response: {
        status: 201,
        description: 'Accepted: the signature and the document after signing',
        schema: z.object({ signatureId: z.string(), document: documentView }),
        accepted: 'Stored, but the route is still carrying out the signing (the document has `pending`)',
      },
    },
    async ({ actor, params, body, res }) => {
      const signed = await signatures.submit(actor, params.id, body);
      if ('pending' in signed.document) res.locals.status = 202; // verification or the next stage still running
      return signed;
    },
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/signatures',
      summary: "Every signature on the document with its verdict and evidence",
      tags: ['signatures'],
      roles: [],
      params: documentIdParams,
      response: { description: 'Signatures', schema: z.array(signatureView) },
    },
    async ({ actor, params }) => signatures.list(actor, params.id),
  );
  route(
    {
      method: 'get',
      path: '/api/documents/:id/signatures/:signatureId/cms',
      summary: 'The CMS exactly as it was received (DER)',
      tags: ['signatures'],
      roles: [],
      params: documentIdParams.extend({ signatureId: z.string().uuid() }),
      response: { description: 'application/pkcs7-signature', contentType: 'application/pkcs7-signature' },
    },
    async ({ actor, params, res }) => {
      res.type('application/pkcs7-signature').send(await signatures.raw(actor, params.id, params.signatureId));
      return undefined;
    },
  );
}
