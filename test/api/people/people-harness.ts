/**
 * What the people-and-access tests share: a second app over the test system's database with an EDS port built
 * on a throw-away test CA, and helpers to issue NCA-shaped certificates and sign with them.
 */
import pino from 'pino';
import request from 'supertest';
import { createAuditChain } from '../../../domain/audit/audit-chain';
import { createApp } from '../../../api/app';
import { createSigningEngineEds } from '../../../api/auth/signing-engine-eds';
import { createCrl, createTestCa, issueEndEntity, type Credential, type TestCa } from '../../../client/dev-ca';
import { signCms } from '../../../client/sign-cms';
import { createCrlRevocationSource, createVerificationContext } from '../../../signing';
import type { TestSystem } from '../../support/system';

export interface EdsHarness {
  ca: TestCa;
  http: request.Agent;
  issue(person: { fullName: string; iin: string }, purpose: 'sign' | 'auth'): Credential;
  sign(credential: Credential, text: string): Promise<string>;
}

export function withEds(sys: TestSystem): EdsHarness {
  const ca = createTestCa({ keyType: 'ec' });
  const context = createVerificationContext({ trustedRootsPem: ca.root.certPem, revocationSources: [createCrlRevocationSource({ crls: [createCrl(ca)] })] });
  const { app } = createApp({
    config: { temporal: { taskQueue: sys.taskQueue, namespace: 'default', port: 0, uiPort: 0 } },
    db: sys.db,
    models: sys.models,
    temporal: sys.temporal,
    audit: createAuditChain(sys.models.AuditEvent),
    logger: pino({ level: 'silent' }),
    eds: createSigningEngineEds(context),
  });
  return {
    ca,
    http: request(app) as unknown as request.Agent,
    issue: (person, purpose) => issueEndEntity(ca, person, { purpose }),
    sign: async (credential, text) =>
      Buffer.from(
        await signCms({ content: new TextEncoder().encode(text), keyPem: credential.keyPem, certPem: credential.certPem, chainPems: [ca.intermediate.certPem], detached: true, pem: false }),
      ).toString('base64'),
  };
}

/** Polls until the check passes (read models converge shortly after the workflow). */
export async function until<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
