/**
 * The user agreement and consent to personal-data processing (seed-000 Annex 1): the current text, its
 * acceptance (time, version, text hash, optional EDS signature) and the withdrawal of consent. Until the
 * current version is accepted, the API answers 403 `agreement-required` (see middleware/require-agreement).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Models } from '../../db/models';
import type { EdsPort } from '../auth/eds-port';
import { HttpProblem, problems } from '../problem';
import type { AuthenticatedActor } from '../request-context';
import type { AuditRecorder } from './audit-recorder';

export type AgreementLanguage = 'kk' | 'ru';

export interface AgreementText {
  version: string;
  publishedAt: string;
  language: AgreementLanguage;
  text: string;
  sha256: string;
}

interface Manifest {
  current: string;
  versions: Record<string, { publishedAt: string; texts: Record<AgreementLanguage, string> }>;
}

const DEFAULT_DIR = path.resolve(__dirname, '../../templates/agreements');

/** Reads the published texts once; a new version is a new pair of files and a new `current` in the manifest. */
export function loadAgreementTexts(dir = DEFAULT_DIR): { current: string; texts: Map<string, AgreementText> } {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const texts = new Map<string, AgreementText>();
  for (const [version, entry] of Object.entries(manifest.versions)) {
    for (const language of ['kk', 'ru'] as const) {
      const text = readFileSync(path.join(dir, entry.texts[language]), 'utf8');
      texts.set(`${version}:${language}`, { version, publishedAt: entry.publishedAt, language, text, sha256: createHash('sha256').update(text).digest('hex') });
    }
  }
  if (!texts.has(`${manifest.current}:kk`)) throw new Error(`Agreement manifest: current version ${manifest.current} has no texts`);
  return { current: manifest.current, texts };
}

export interface AgreementServiceDeps {
  models: Pick<Models, 'AgreementAcceptance' | 'Document' | 'Employee' | 'InboxEntry' | 'Session'>;
  record: AuditRecorder;
  eds?: EdsPort;
  texts?: ReturnType<typeof loadAgreementTexts>;
  now?: () => Date;
}

export function createAgreementService(deps: AgreementServiceDeps) {
  const { models, record } = deps;
  const now = deps.now ?? (() => new Date());
  const { current, texts } = deps.texts ?? loadAgreementTexts();

  function textOf(language: AgreementLanguage, version = current): AgreementText {
    const text = texts.get(`${version}:${language}`);
    if (!text) throw problems.notFound(`Agreement ${version} (${language})`);
    return text;
  }

  type Pointer = AuthenticatedActor['agreement'];
  type Acceptance = Awaited<ReturnType<typeof legacyActiveAcceptance>>;

  /**
   * The active acceptance of the current version. The employee record points to it (`agreement`), so this is
   * two reads by _id: FerretDB answers only `{_id}` lookups without reading the whole collection, and the
   * agreement guard asks on every request. The record itself stays the truth: a withdrawn or outdated one does
   * not count whatever the pointer says. Acceptances written before the pointer existed (and by other writers)
   * are found by the search below once, and the pointer is set then (migration on read).
   */
  async function activeAcceptance(employeeId: string, known?: Pointer): Promise<Acceptance> {
    const pointer = known ?? (await models.Employee.findById(employeeId, { agreement: 1 }).lean())?.agreement;
    if (pointer?.acceptanceId && pointer.version === current) {
      const row = await models.AgreementAcceptance.findById(pointer.acceptanceId).lean();
      if (row && row.employeeId === employeeId && row.version === current && row.status === 'active') return row;
    }
    const legacy = await legacyActiveAcceptance(employeeId);
    if (legacy) await pointTo(employeeId, legacy._id);
    return legacy;
  }

  async function legacyActiveAcceptance(employeeId: string) {
    return models.AgreementAcceptance.findOne({ employeeId, version: current, status: 'active' }).sort({ acceptedAt: -1 }).lean();
  }

  async function pointTo(employeeId: string, acceptanceId: string): Promise<void> {
    await models.Employee.updateOne({ _id: employeeId }, { $set: { agreement: { version: current, acceptanceId } } });
  }

  /** `pointer`: the employee's `agreement` when the caller has already read it (the authentication middleware has). */
  async function hasAccepted(employeeId: string, pointer?: Pointer): Promise<boolean> {
    return !!(await activeAcceptance(employeeId, pointer));
  }

  /**
   * The agreement guard's question for a request: answered from the session's copy when it already found the
   * current version accepted; otherwise from the records, and a yes is then kept on the session and checked
   * once more after writing it, so an acceptance withdrawn meanwhile does not stay counted (db/session-actor.ts).
   */
  async function sessionHasAccepted(actor: AuthenticatedActor): Promise<boolean> {
    if (actor.acceptedVersion === current) return true;
    if (!(await activeAcceptance(actor.employeeId, actor.agreement ?? {}))) return false;
    await models.Session.updateOne({ _id: actor.sessionId }, { $set: { 'actor.acceptedVersion': current } });
    if (!(await activeAcceptance(actor.employeeId))) await models.Session.updateOne({ _id: actor.sessionId }, { $unset: { actor: 1 } });
    return true;
  }

  async function status(actor: AuthenticatedActor, language?: AgreementLanguage) {
    const employee = await models.Employee.findById(actor.employeeId, { language: 1, agreement: 1 }).lean();
    const text = textOf(language ?? (employee?.language as AgreementLanguage | undefined) ?? 'kk');
    const accepted = await activeAcceptance(actor.employeeId, employee?.agreement ?? {});
    return {
      version: text.version,
      publishedAt: text.publishedAt,
      language: text.language,
      sha256: text.sha256,
      text: text.text,
      accepted: accepted ? { at: accepted.acceptedAt.toISOString(), signed: !!accepted.signature?.cmsSha256 } : undefined,
    };
  }

  async function accept(actor: AuthenticatedActor, input: { version: string; language: AgreementLanguage; sha256?: string; cms?: string }, source: string) {
    if (input.version !== current) {
      throw problems.conflict(`Version ${input.version} is not the current agreement; accept ${current}.`, 'agreement-outdated');
    }
    const text = textOf(input.language);
    if (input.sha256 && input.sha256 !== text.sha256) {
      throw problems.conflict('The text you were shown is not the published one; reload it and accept again.', 'agreement-outdated');
    }
    const existing = await activeAcceptance(actor.employeeId);
    if (existing) return { version: current, acceptedAt: existing.acceptedAt.toISOString(), signed: !!existing.signature?.cmsSha256 };

    const signature = input.cms ? await verifiedSignature(actor.employeeId, input.cms, text) : undefined;
    const session = await models.Session.findById(actor.sessionId, { method: 1 }).lean();
    const acceptedAt = now();
    const id = randomUUID();
    await models.AgreementAcceptance.create({
      _id: id,
      employeeId: actor.employeeId,
      version: current,
      language: text.language,
      textSha256: text.sha256,
      acceptedAt,
      channel: session?.method === 'eds' ? 'eds-session' : 'password-session',
      signature,
      status: 'active',
    });
    await pointTo(actor.employeeId, id);
    await record('agreement.accepted', { employeeId: actor.employeeId, roles: actor.roles, source }, {
      data: { acceptanceId: id, version: current, language: text.language, textSha256: text.sha256, signed: !!signature, cmsSha256: signature?.cmsSha256 },
    });
    return { version: current, acceptedAt: acceptedAt.toISOString(), signed: !!signature };
  }

  /** A signature that does not verify, or is someone else's, refuses the acceptance rather than storing it. */
  async function verifiedSignature(employeeId: string, cms: string, text: AgreementText) {
    if (!deps.eds) throw problems.unavailable('EDS signatures are not configured on this server; accept without a signature.');
    const employee = await models.Employee.findById(employeeId, { iin: 1 }).lean();
    if (!employee?.iin) throw problems.unprocessable('Your account has no IIN on record to match the certificate against.', 'signer-mismatch');
    const verdict = await deps.eds.verifySignature({ cms, content: new TextEncoder().encode(text.text), receivedAt: now(), expectedIins: [employee.iin] });
    if (!verdict.valid) {
      throw problems.unprocessable(`The signature was refused: ${verdict.failures.map((f) => f.message).join('; ')}.`, 'signature-invalid', { failures: verdict.failures });
    }
    const bytes = Buffer.from(cms.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    return { cms: bytes, cmsSha256: createHash('sha256').update(bytes).digest('hex'), valid: true, signerIin: verdict.signer?.iin };
  }

  /**
   * Consent may be withdrawn unless the person still has obligations in the system (seed-000 A1 §1.4):
   * open tasks or drafts must be finished or transferred first. The refusal is recorded with its reason.
   */
  async function withdraw(actor: AuthenticatedActor, input: { reason: string }, source: string) {
    const accepted = await activeAcceptance(actor.employeeId);
    if (!accepted) throw problems.conflict('There is no active consent to withdraw.');
    // The drafts inbox is projected after the create answer, so a draft made a moment ago may not be there
    // yet: the person's own drafts are counted from the cards too (a rare request; a scan is acceptable).
    const [tasks, drafts] = await Promise.all([
      models.InboxEntry.countDocuments({ ownerId: actor.employeeId }),
      models.Document.countDocuments({ authorId: actor.employeeId, status: 'draft' }),
    ]);
    const open = Math.max(tasks, drafts);
    if (open > 0) {
      await record('consent.withdrawal-refused', { employeeId: actor.employeeId, roles: actor.roles, source }, { data: { openItems: open } });
      throw new HttpProblem(409, 'withdrawal-refused', 'Conflict with the current state',
        `Consent cannot be withdrawn while you have ${open} open task(s) or draft(s): finish them or ask for a transfer of cases first. ` +
          'The refusal is recorded; the legal department reviews contested withdrawals.',
        { openItems: open });
    }
    const withdrawnAt = now();
    await models.AgreementAcceptance.updateMany(
      { employeeId: actor.employeeId, status: 'active' },
      { $set: { status: 'withdrawn', withdrawnAt, withdrawalReason: input.reason } },
    );
    // The record decides (it is withdrawn now); dropping the pointer only saves a read.
    await models.Employee.updateOne({ _id: actor.employeeId }, { $unset: { agreement: 1 } });
    await record('consent.withdrawn', { employeeId: actor.employeeId, roles: actor.roles, source }, { data: { version: accepted.version } });
    return { withdrawnAt: withdrawnAt.toISOString() };
  }

  /** The consent records of one person, as proof (seed-000 A1 §1.3.7); the CMS itself is returned base64. */
  async function recordsOf(employeeId: string) {
    const rows = await models.AgreementAcceptance.find({ employeeId }).sort({ acceptedAt: 1 }).lean();
    return rows.map((r) => ({
      id: r._id,
      version: r.version,
      language: r.language,
      textSha256: r.textSha256,
      acceptedAt: r.acceptedAt.toISOString(),
      channel: r.channel,
      status: r.status,
      withdrawnAt: r.withdrawnAt ? r.withdrawnAt.toISOString() : undefined,
      signature: r.signature?.cmsSha256
        ? { cmsSha256: r.signature.cmsSha256, cms: r.signature.cms ? Buffer.from(r.signature.cms.buffer).toString('base64') : undefined, signerIin: r.signature.signerIin ?? undefined }
        : undefined,
    }));
  }

  return { current: () => current, textOf, hasAccepted, sessionHasAccepted, status, accept, withdraw, recordsOf };
}

export type AgreementService = ReturnType<typeof createAgreementService>;
