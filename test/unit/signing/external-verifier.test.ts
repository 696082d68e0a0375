/** GOST signatures go to an NCANode-style service; its answer is mapped onto the common report. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueEndEntity } from '../../../client/dev-ca';
import type { Credential } from '../../../client/dev-ca';
import { createNcaNodeVerifier, verifyCms } from '../../../signing';
import { ASSIGNEE, createFixture, DOCUMENT, Fixture, OUTSIDER, withGostAlgorithm } from './fixtures';

interface Received {
  cms: string;
  data?: string;
  revocationCheck: string[];
}

let rsa: Fixture;
let server: http.Server;
let url: string;
let received: Received[] = [];
/** What the fake NCANode answers next. */
let answer: (request: Received) => { status: number; body: unknown };

beforeAll(async () => {
  rsa = createFixture('rsa');
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/cms/verify') {
        res.writeHead(404).end();
        return;
      }
      const request = JSON.parse(body) as Received;
      received.push(request);
      const { status, body: out } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
});

const ncaCertificate = (credential: Credential, overrides: Record<string, unknown> = {}) => ({
  valid: true,
  serialNumber: credential.serialHex.replace(/^0+/, ''),
  revocations: [{ revoked: false, by: 'OCSP', revocationTime: null, reason: null }],
  subject: { commonName: 'Ахметов Данияр', iin: ASSIGNEE.iin, dn: 'CN=Ахметов Данияр,SERIALNUMBER=IIN…' },
  ...overrides,
});

const gostCms = async (credential?: Credential) => withGostAlgorithm(await rsa.sign(credential ? { credential } : {}));
const context = () => rsa.contextWith({ externalVerifier: createNcaNodeVerifier({ url }) });

it('delegates a GOST signature, sends cms and data, and keeps local identity checks', async () => {
  answer = () => ({ status: 200, body: { status: 200, message: '', valid: true, signers: [{ certificates: [ncaCertificate(rsa.signer), { valid: true, subject: { dn: 'CN=Root' } }] }] } });
  const cms = await gostCms();
  const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin] } }, context());
  expect(report.signers[0].failures).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.signers[0]).toMatchObject({ algorithm: '1.2.398.3.10.1.1.2.3.2', revocation: { status: 'good', source: 'ocsp' }, chain: ['CN=Ахметов Данияр,SERIALNUMBER=IIN…', 'CN=Root'] });
  expect(received).toHaveLength(1);
  expect(Buffer.from(received[0].cms, 'base64').equals(Buffer.from(cms))).toBe(true);
  expect(Buffer.from(received[0].data!, 'base64').equals(Buffer.from(DOCUMENT))).toBe(true);
  expect(received[0].revocationCheck).toEqual(['OCSP']);

  // The service vouches for the signature, but the signer is not the assignee: refused here.
  const outsider = issueEndEntity(rsa.ca, OUTSIDER, { purpose: 'sign' });
  answer = () => ({ status: 200, body: { status: 200, valid: true, signers: [{ certificates: [ncaCertificate(outsider)] }] } });
  const mismatch = await verifyCms({ cms: await gostCms(outsider), content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin] } }, context());
  expect(mismatch.reason).toBe('signer-mismatch');
});

it('maps an invalid signature, a revoked certificate and an unknown chain', async () => {
  const cms = await gostCms();
  answer = () => ({ status: 200, body: { status: 200, valid: false, signers: [{ certificates: [ncaCertificate(rsa.signer)] }] } });
  expect((await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context())).reason).toBe('bad-signature');

  answer = () => ({
    status: 200,
    body: { status: 200, valid: false, signers: [{ certificates: [ncaCertificate(rsa.signer, { valid: false, revocations: [{ revoked: true, by: 'CRL', revocationTime: new Date(Date.now() - 60_000).toISOString() }] })] }] },
  });
  const revoked = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context());
  expect(revoked.reason).toBe('revoked');
  expect(revoked.signers[0].revocation).toMatchObject({ status: 'revoked', source: 'crl' });

  answer = () => ({ status: 200, body: { status: 200, valid: false, signers: [{ certificates: [ncaCertificate(rsa.signer, { valid: false })] }] } });
  expect((await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context())).reason).toBe('chain-invalid');
});

it('refuses when the service fails or does not know the signer', async () => {
  const cms = await gostCms();
  answer = () => ({ status: 500, body: { status: 500, message: 'Kalkan is down' } });
  const down = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context());
  expect(down.reason).toBe('external-verifier-failed');
  expect(down.signers[0].failures[0].message).toMatch(/Kalkan is down/);

  answer = () => ({ status: 200, body: { status: 200, valid: true, signers: [{ certificates: [ncaCertificate(rsa.signer, { serialNumber: 'abcdef' })] }] } });
  expect((await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date() }, context())).reason).toBe('external-verifier-failed');
});

it('does not send RSA/ECDSA signatures to the service', async () => {
  answer = () => ({ status: 500, body: {} });
  const report = await verifyCms({ cms: await rsa.sign(), content: DOCUMENT, receivedAt: new Date() }, context());
  expect(report.valid).toBe(true);
  expect(received).toHaveLength(0);
});
