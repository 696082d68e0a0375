/** /api/information-requests: justified requests between bodies, their log journal and oversight (docs/information-requests.md). */
import { BASES, CASE_REGISTERS } from '../../domain/information-requests/catalogue-seed';
import { z } from '../../domain/zod';
import { clientAddress } from '../request-context';
import type { RouteKit } from '../route-kit';
import type { InformationRequestService } from '../services/information-request-service';
import { orgId } from '../services/org-schemas';
import { dataSourceView, identifiers, instant, logEntry, logQuery, month, prosecutorCheckView, referenceVersion, requestView, requesterView, reviewView, table, text } from '../services/information-request-schemas';

export function mountInformationRequestRoutes(route: RouteKit, service: InformationRequestService): void {
  route(
    { method: 'get', path: '/api/information-requests/reference/:table', summary: 'A reference table (roles and grounds, services and limits, article whitelist) with every version', tags: ['information-requests'], roles: [], params: z.object({ table }), response: { description: 'Rows with the version in force and the history', schema: z.array(z.object({ key: z.string(), current: referenceVersion.optional(), versions: z.array(referenceVersion) })) } },
    async ({ params }) => service.referenceTable(params.table),
  );
  route(
    {
      method: 'put', path: '/api/information-requests/reference/:table/:key', summary: 'A new version of a reference row, applying from its valid-from date', tags: ['information-requests'], roles: ['administrator'],
      params: z.object({ table, key: text(64) }),
      body: z.object({ data: z.record(z.unknown()), validFrom: instant, reason: text(2000), expectedVersion: z.number().int().min(0).optional() }).strict(),
      response: { status: 201, description: 'The new version', schema: referenceVersion },
    },
    async ({ actor, params, body, req }) => service.changeReference(actor, params.table, params.key, body, clientAddress(req)),
  );
  route(
    { method: 'put', path: '/api/information-requests/requesters/:employeeId', summary: 'Assign an employee their role from the role catalogue (Annex 1)', tags: ['information-requests'], roles: ['administrator'], params: z.object({ employeeId: orgId }), body: z.object({ roleKey: text(64) }).strict(), response: { description: 'The assignment', schema: z.object({ employeeId: z.string(), roleKey: z.string() }) } },
    async ({ actor, params, body, req }) => service.setRequesterRole(actor, params.employeeId, body.roleKey, clientAddress(req)),
  );
  route(
    { method: 'get', path: '/api/information-requests/requesters', summary: 'Who has which role from the role catalogue', tags: ['information-requests'], roles: ['administrator'], response: { description: 'Assignments, by employee', schema: z.array(requesterView) } },
    async () => service.listRequesters(),
  );
  route(
    { method: 'delete', path: '/api/information-requests/requesters/:employeeId', summary: 'Take an employee\'s catalogue role away: their next request is refused (no-catalogue-role)', tags: ['information-requests'], roles: ['administrator'], params: z.object({ employeeId: orgId }), response: { status: 204, description: 'Removed' } },
    async ({ actor, params, req }) => service.removeRequesterRole(actor, params.employeeId, clientAddress(req)),
  );
  const caseBody = z.object({ register: z.enum(CASE_REGISTERS), number: text(64), court: text(200).optional(), year: z.string().regex(/^\d{4}$/).optional(), assignedTo: z.array(orgId).min(1).max(50), articles: z.array(text(20)).max(50).default([]) }).strict();
  route(
    { method: 'put', path: '/api/information-requests/cases', summary: 'Save a case of the built-in case register (who has it in their proceedings, its articles)', tags: ['information-requests'], roles: ['administrator'], body: caseBody, response: { description: 'The case', schema: caseBody.extend({ id: z.string() }) } },
    async ({ actor, body, req }) => service.putCase(actor, body, clientAddress(req)),
  );
  route(
    { method: 'post', path: '/api/information-requests/cases/import', summary: 'Import cases from CSV: register,number,court,year,assignedTo,articles (lists separated by ;)', tags: ['information-requests'], roles: ['administrator'], body: z.object({ csv: z.string().min(1).max(900_000) }).strict(), response: { description: 'How many rows were imported; a bad line refuses the whole file', schema: z.object({ imported: z.number().int() }) } },
    async ({ actor, body, req }) => service.importCases(actor, body.csv, clientAddress(req)),
  );
  route(
    { method: 'get', path: '/api/information-requests/cases', summary: 'Cases in my proceedings; administrators and auditors see the whole register', tags: ['information-requests'], roles: [], response: { description: 'Cases', schema: z.array(caseBody.extend({ id: z.string() })) } },
    async ({ actor }) => service.listCases(actor),
  );
  route(
    {
      method: 'put', path: '/api/information-requests/data-sources/:service/:subject', summary: 'Register what a data source answers for a service and subject (automatic answers)', tags: ['information-requests'], roles: ['administrator'],
      params: z.object({ service: z.coerce.number().int().min(1), subject: text(64) }),
      body: z.object({
        found: z.boolean().default(true).openapi({ description: 'false: the source answers "not found" for this subject (then result must be empty)' }),
        result: z.record(z.unknown()).default({}).openapi({ description: 'The data the source answers when found' }),
      }).strict(),
      response: { status: 204, description: 'Saved' },
    },
    async ({ actor, params, body, req }) => service.putDataSource(actor, params.service, params.subject, body, clientAddress(req)),
  );
  route(
    { method: 'get', path: '/api/information-requests/data-sources/:service', summary: 'What the registered data source answers for a service, subject by subject', tags: ['information-requests'], roles: ['administrator'], params: z.object({ service: z.coerce.number().int().min(1) }), response: { description: 'Entries, by subject', schema: z.array(dataSourceView) } },
    async ({ params }) => service.listDataSource(params.service),
  );

  const requestFields = z.object({
    basis: z.enum(BASES), identifiers: identifiers.default({}), service: z.number().int().min(1).max(999), article: text(20).optional(), subject: z.string().regex(/^\d{12}$/, 'the IIN or BIN has 12 digits'), purpose: text(2000).optional(),
  }).strict();
  const toSign = z.object({ text: z.string(), base64: z.string() });
  route(
    { method: 'post', path: '/api/information-requests/signing-text', summary: 'The exact text a request is signed over, for NCALayer', tags: ['information-requests'], roles: [], body: requestFields, response: { description: 'The text and its UTF-8 bytes in base64', schema: toSign } },
    async ({ actor, body }) => service.requestText(actor, body),
  );
  route(
    { method: 'post', path: '/api/information-requests/:id/answer-signing-text', summary: 'The exact text an answer is signed over, for NCALayer', tags: ['information-requests'], roles: [], params: z.object({ id: text(64) }), body: z.object({ result: z.record(z.unknown()) }).strict(), response: { description: 'The text and its UTF-8 bytes in base64', schema: toSign } },
    async ({ actor, params, body }) => service.answerText(actor, params.id, body.result),
  );
  route(
    {
      method: 'post', path: '/api/information-requests', summary: 'Send a request signed with EDS: ground allowed by role, service by ground, identifiers of the ground, justified case; refusals are logged with their reason', tags: ['information-requests'], roles: [],
      body: requestFields.extend({ cms: z.string().min(16).max(200_000).openapi({ description: 'Detached CMS, base64, over the signing text (POST /api/information-requests/signing-text)' }) }).strict(),
      response: { status: 201, description: 'The request: answered at once by a data source, or awaiting the providing unit', schema: requestView },
    },
    async ({ actor, body, req, res }) => {
      const sent = await service.submit(actor, body, clientAddress(req));
      res.location(`/api/information-requests/${sent.id}`);
      return sent;
    },
  );
  route(
    { method: 'get', path: '/api/information-requests', summary: 'My requests, or those my unit has to answer; auditors and administrators see all', tags: ['information-requests'], roles: [], query: z.object({ box: z.enum(['mine', 'to-answer']).optional() }).strict(), response: { description: 'Requests, newest first', schema: z.array(requestView) } },
    async ({ actor, query }) => service.list(actor, query),
  );
  route(
    { method: 'get', path: '/api/information-requests/log', summary: 'Search the log journal', tags: ['information-requests'], roles: ['auditor', 'administrator'], query: logQuery, response: { description: 'Entries in order', schema: z.array(logEntry) } },
    async ({ query }) => service.searchLog(query),
  );
  route(
    { method: 'get', path: '/api/information-requests/log/export', summary: 'Export the log journal as CSV or XLSX', tags: ['information-requests'], roles: ['auditor', 'administrator'], query: logQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }), response: { description: 'The file', contentType: 'text/csv' } },
    async ({ query, res }) => {
      const { format, ...filter } = query;
      const file = await service.exportLog(filter, format);
      res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="log-journal.${format}"`);
      res.status(200).end(file);
    },
  );
  route(
    { method: 'get', path: '/api/information-requests/log/verification', summary: 'Recompute the log journal\'s hash chain', tags: ['information-requests'], roles: ['auditor', 'administrator'], response: { description: 'The verdict', schema: z.object({ ok: z.boolean(), checked: z.number().int(), brokenAt: z.object({ seq: z.number().int(), problem: z.string() }).optional() }) } },
    async () => service.verifyLog(),
  );
  route(
    { method: 'get', path: '/api/information-requests/reviews', summary: 'Departmental control: my monthly reviews ("Reports")', tags: ['information-requests'], roles: [], response: { description: 'Reviews, newest first', schema: z.array(z.object({ id: z.string(), month: z.string(), officialId: z.string(), status: z.string(), violations: z.number().int() })) } },
    async ({ actor }) => service.myReviews(actor),
  );
  route(
    { method: 'post', path: '/api/information-requests/reviews', summary: 'Open the month\'s reviews for every unit head (the monthly schedule does this; idempotent)', tags: ['information-requests'], roles: ['administrator'], body: z.object({ month }).strict(), response: { description: 'How many were opened now', schema: z.object({ opened: z.number().int() }) } },
    async ({ body }) => service.openMonthlyReviews(body.month),
  );
  route(
    { method: 'get', path: '/api/information-requests/reviews/:id', summary: 'One review with the subordinates\' requests of its month', tags: ['information-requests'], roles: [], params: z.object({ id: text(100) }), response: { description: 'The review', schema: reviewView } },
    async ({ actor, params }) => service.getReview(actor, params.id),
  );
  route(
    { method: 'post', path: '/api/information-requests/reviews/:id/violations', summary: 'Mark a request as a violation: the requester\'s account is blocked at once and the reason recorded', tags: ['information-requests'], roles: [], params: z.object({ id: text(100) }), body: z.object({ requestId: text(64), reason: text(2000) }).strict(), response: { description: 'The review', schema: reviewView } },
    async ({ actor, params, body, req }) => service.markViolation(actor, params.id, body, clientAddress(req)),
  );
  route(
    {
      method: 'post', path: '/api/information-requests/prosecutor-checks', summary: 'A prosecutor\'s request for a user\'s activity: accepted only with the check resolution; answered with a signed export', tags: ['information-requests'], roles: ['auditor'],
      body: z.object({
        employeeId: orgId, from: instant, to: instant, prosecutor: text(300),
        resolution: z.object({ number: text(64), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), fileName: text(200), contentBase64: z.string().min(4).max(14_000_000) }).strict().optional(),
      }).strict(),
      response: { status: 201, description: 'The signed export', schema: z.object({ id: z.string(), exportText: z.string(), export: z.record(z.unknown()), signature: z.object({ sha256: z.string(), cms: z.string() }) }) },
    },
    async ({ actor, body, req }) => service.prosecutorCheck(actor, body, clientAddress(req)),
  );
  route(
    {
      method: 'get', path: '/api/information-requests/prosecutor-checks', summary: 'Prosecutor\'s checks registered so far, newest first (without their files)', tags: ['information-requests'], roles: ['auditor'],
      response: { description: 'Checks', schema: z.array(prosecutorCheckView) },
    },
    async () => service.listProsecutorChecks(),
  );
  route(
    {
      method: 'get', path: '/api/information-requests/prosecutor-checks/:id/:part', summary: 'A kept file of a prosecutor\'s check: the signed export, its detached signature (CMS), or the copy of the resolution', tags: ['information-requests'], roles: ['auditor'],
      params: z.object({ id: text(64), part: z.enum(['export', 'signature', 'resolution']) }), response: { description: 'The file', contentType: 'application/octet-stream' },
    },
    async ({ params, res }) => {
      const file = await service.prosecutorCheckFile(params.id, params.part);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      res.status(200).end(file.content);
    },
  );
  route(
    { method: 'get', path: '/api/information-requests/:id', summary: 'One request with its signed answer', tags: ['information-requests'], roles: [], params: z.object({ id: text(64) }), response: { description: 'The request', schema: requestView } },
    async ({ actor, params }) => service.get(actor, params.id),
  );
  route(
    { method: 'post', path: '/api/information-requests/:id/answer', summary: 'The providing unit\'s answer, signed with the responder\'s EDS over answerSigningText', tags: ['information-requests'], roles: [], params: z.object({ id: text(64) }), body: z.object({ result: z.record(z.unknown()), cms: z.string().min(16).max(200_000) }).strict(), response: { description: 'The answered request', schema: requestView } },
    async ({ actor, params, body, req }) => service.answer(actor, params.id, body, clientAddress(req)),
  );
}
