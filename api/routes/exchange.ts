/**
 * Electronic exchange endpoints: the address book and our identity (administrators), the exchange status
 * on a document card, and the receiving endpoint other organisations deliver envelopes to (docs/exchange.md).
 */
import type { Role } from '../../db/models/employee';
import { ENVELOPE_KINDS, transmissionSchema } from '../../domain/exchange/envelope';
import { z } from '../../domain/zod';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { ExchangeService } from '../services/exchange-service';

const ADMIN: readonly Role[] = ['administrator'];
const bin = z.string().regex(/^\d{12}$/, 'a BIN is 12 digits');
const name = z.object({ kk: z.string().trim().min(1).max(300), ru: z.string().trim().min(1).max(300) });
const endpointUrl = z.string().url().max(500).refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const certificateView = z.object({ sha256: z.string(), subject: z.string(), bin: z.string().optional(), notBefore: z.string(), notAfter: z.string() }).openapi('ExchangeCertificate');
const identityView = z.object({ name, bin, endpointUrl: z.string(), addresseeIds: z.array(z.string()), certificate: certificateView }).openapi('ExchangeIdentity');
const correspondentView = z.object({ bin, name, endpointUrl: z.string(), active: z.boolean(), certificates: z.array(certificateView) }).openapi('ExchangeCorrespondent');
const correspondentBody = z
  .object({
    name,
    endpointUrl,
    certificates: z.array(z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'a PEM certificate')).min(1).max(5),
    active: z.boolean().default(true),
  })
  .strict();
const identityBody = z.object({ name, endpointUrl, addresseeIds: z.array(z.string().min(1).max(64)).max(20) }).strict();
const documentParams = z.object({ id: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only') });
const envelopeParams = z.object({ envelopeId: z.string().uuid() });

const answerView = z.object({
  kind: z.enum(['receipt', 'rejection']),
  receivedAt: z.string().optional(),
  incomingNumber: z.string().optional(),
  incomingDate: z.string().optional(),
  registeredAt: z.string().optional(),
  reason: z.object({ code: z.string(), title: z.string() }).optional(),
  comment: z.string().optional(),
  text: z.string().optional(),
  signatureValid: z.boolean(),
});
const documentExchangeView = z
  .object({
    documentId: z.string(),
    outgoing: z
      .object({
        addressees: z.array(
          z.object({
            bin: z.string(),
            name,
            status: z.enum(['waiting', 'sending', 'delivered', 'registered', 'rejected', 'refused']),
            envelopeId: z.string().optional(),
            sentAt: z.string().optional(),
            attempts: z.number(),
            lastError: z.string().optional(),
            deliveredAt: z.string().optional(),
            refused: z.object({ status: z.number(), code: z.string(), detail: z.string(), at: z.string() }).optional(),
            answer: answerView.optional(),
          }),
        ),
        replies: z.array(z.string()),
      })
      .optional(),
    incoming: z
      .object({
        envelopeId: z.string(),
        senderBin: z.string(),
        senderNumber: z.string().optional(),
        senderDate: z.string().optional(),
        receivedAt: z.string().optional(),
        inReplyTo: z.object({ number: z.string(), date: z.string() }).passthrough().optional(),
        repliesTo: z.string().optional(),
        verification: z.object({ valid: z.boolean(), signatures: z.array(z.unknown()) }),
      })
      .optional(),
  })
  .openapi('DocumentExchange');
const acceptedView = z.object({ envelopeId: z.string(), kind: z.enum(ENVELOPE_KINDS), duplicate: z.boolean(), receivedAt: z.string() }).openapi('EnvelopeAccepted');

export function mountExchangeRoutes(route: RouteKit, service: ExchangeService): void {
  route(
    { method: 'get', path: '/api/exchange/identity', summary: 'Our organisation as correspondents see it: name, BIN, endpoint, signing certificate', tags: ['exchange'], roles: [], response: { description: 'The identity', schema: identityView } },
    async () => service.identity(),
  );
  route(
    { method: 'put', path: '/api/exchange/identity', summary: 'Set our name, exchange endpoint and the default addressees of incoming electronic documents', tags: ['exchange'], roles: ADMIN, body: identityBody, response: { description: 'The identity', schema: identityView } },
    async ({ actor, body, req }) => service.updateIdentity({ actor, source: clientAddress(req) }, body),
  );
  route(
    { method: 'get', path: '/api/exchange/correspondents', summary: 'The exchange address book', tags: ['exchange'], roles: [], response: { description: 'Correspondents', schema: z.array(correspondentView) } },
    async () => service.listCorrespondents(),
  );
  route(
    { method: 'get', path: '/api/exchange/correspondents/:bin', summary: 'One correspondent of the address book', tags: ['exchange'], roles: [], params: z.object({ bin }), response: { description: 'The correspondent', schema: correspondentView } },
    async ({ params }) => service.getCorrespondent(params.bin),
  );
  route(
    {
      method: 'put',
      path: '/api/exchange/correspondents/:bin',
      summary: 'Add or change a correspondent: endpoint and the organisation certificates its envelopes are signed with',
      tags: ['exchange'],
      roles: ADMIN,
      params: z.object({ bin }),
      body: correspondentBody,
      response: { description: 'The correspondent', schema: correspondentView },
    },
    async ({ actor, params, body, req }) => service.putCorrespondent({ actor, source: clientAddress(req) }, params.bin, body),
  );
  route(
    { method: 'get', path: '/api/documents/:id/exchange', summary: 'Electronic exchange of a document: per addressee sent → delivered → registered / rejected, or the EDS verdict of an incoming one', tags: ['exchange'], roles: [], params: documentParams, response: { description: 'The exchange status', schema: documentExchangeView } },
    async ({ actor, params }) => service.documentExchange(actor, params.id),
  );
  route(
    {
      method: 'post',
      path: '/api/exchange/inbox/:envelopeId/verify',
      summary: 'Verify again the organisation signature of an envelope as it was received, from its stored bytes',
      tags: ['exchange'],
      roles: ['auditor', 'administrator', 'registrar'],
      params: envelopeParams,
      response: { description: 'The verdict', schema: z.object({ envelopeId: z.string(), senderBin: z.string(), receivedAt: z.string(), sha256: z.string(), valid: z.boolean(), failures: z.array(z.object({ code: z.string(), message: z.string() })) }) },
    },
    async ({ params }) => service.reverify(params.envelopeId),
  );
  route(
    {
      method: 'post',
      path: '/exchange/v1/envelopes',
      summary:
        'Receive an envelope from a correspondent organisation. Authenticated by the envelope itself: the sender must be in our address book and the envelope signed (detached CMS) with one of its registered organisation certificates; replays are refused (envelope id unique, 7-day window).',
      tags: ['exchange'],
      body: transmissionSchema,
      response: { status: 202, description: 'Stored; processing follows. 200 with duplicate=true for an envelope already received.', schema: acceptedView },
    },
    async ({ body, res }) => {
      const accepted = await service.receive(body);
      if (accepted.duplicate) res.locals.status = 200;
      return accepted;
    },
  );
}
