/** Interoperability with OpenSSL: its `cms -sign` output verifies here, and `cms -verify` accepts ours. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signCms } from '../../../client/sign-cms';
import { verifyCms } from '../../../signing';
import { readSignedData } from '../../../signing/cms/read-signed-data';
import { parseCmsInput } from '../../../signing/cms/parse-input';
import { ASSIGNEE, createFixture, DOCUMENT, Fixture } from './fixtures';

let dir: string;
const fixtures: Record<'rsa' | 'ec', Fixture> = {} as Record<'rsa' | 'ec', Fixture>;
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-openssl-'));
  fs.writeFileSync(file('doc.bin'), DOCUMENT);
  for (const keyType of ['rsa', 'ec'] as const) {
    const f = createFixture(keyType);
    fixtures[keyType] = f;
    fs.writeFileSync(file(`${keyType}.key.pem`), f.signer.keyPem);
    fs.writeFileSync(file(`${keyType}.cert.pem`), f.signer.certPem);
    fs.writeFileSync(file(`${keyType}.chain.pem`), f.ca.intermediate.certPem);
    fs.writeFileSync(file(`${keyType}.root.pem`), f.ca.root.certPem);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(['rsa', 'ec'] as const)('%s', (keyType) => {
  const cases = [
    { name: 'DER detached', args: ['-outform', 'DER'], pem: false },
    { name: 'DER attached', args: ['-outform', 'DER', '-nodetach'], pem: false },
    { name: 'PEM detached', args: ['-outform', 'PEM'], pem: true },
    { name: 'PEM attached', args: ['-outform', 'PEM', '-nodetach'], pem: true },
    { name: 'BER streamed attached', args: ['-outform', 'DER', '-nodetach', '-stream'], pem: false },
    ...(keyType === 'rsa' ? [{ name: 'DER detached RSA-PSS', args: ['-outform', 'DER', '-keyopt', 'rsa_padding_mode:pss'], pem: false }] : []),
  ];

  it.each(cases)('verifies `openssl cms -sign` output ($name)', async ({ name, args, pem }) => {
    const out = file(`${keyType}-${name.replace(/\s+/g, '-')}.p7s`);
    openssl('cms', '-sign', '-binary', '-md', 'sha256', '-in', file('doc.bin'), '-signer', file(`${keyType}.cert.pem`), '-inkey', file(`${keyType}.key.pem`), '-certfile', file(`${keyType}.chain.pem`), ...args, '-out', out);
    const raw = fs.readFileSync(out);
    const cms = pem ? raw.toString('latin1') : new Uint8Array(raw);
    const report = await verifyCms({ cms, content: DOCUMENT, receivedAt: new Date(), expectedSigner: { iins: [ASSIGNEE.iin] } }, fixtures[keyType].context);
    expect(report.signers.flatMap((s) => s.failures)).toEqual([]);
    expect(report.valid).toBe(true);
    if (name.includes('PSS')) expect(report.signers[0].algorithm).toBe('RSA-PSS/SHA-256');
    // The streamed output uses BER indefinite lengths: the pkijs fallback reader handles it.
    expect(readSignedData(parseCmsInput(cms)).reader).toBe(name.startsWith('BER') ? 'pkijs' : 'der');
  });

  it.each([
    { detached: true, pss: false },
    { detached: false, pss: false },
    ...(keyType === 'rsa' ? [{ detached: true, pss: true }] : []),
  ])('our CMS passes `openssl cms -verify` (detached=$detached, pss=$pss)', async ({ detached, pss }) => {
    const f = fixtures[keyType];
    const cms = await signCms({ content: DOCUMENT, keyPem: f.signer.keyPem, certPem: f.signer.certPem, chainPems: [f.ca.intermediate.certPem], detached, pss });
    const cmsFile = file(`ours-${keyType}-${detached}-${pss}.der`);
    fs.writeFileSync(cmsFile, cms);
    const content = detached ? ['-content', file('doc.bin')] : [];
    const verified = openssl('cms', '-verify', '-CAfile', file(`${keyType}.root.pem`), '-binary', '-inform', 'DER', '-in', cmsFile, ...content, '-out', file('verified.out'));
    expect(verified).toBeDefined();
    expect(fs.readFileSync(file('verified.out')).equals(Buffer.from(DOCUMENT))).toBe(true);
    // And OpenSSL refuses it for other content, so the check above is meaningful.
    if (detached) {
      fs.writeFileSync(file('other.bin'), 'other');
      expect(() => openssl('cms', '-verify', '-CAfile', file(`${keyType}.root.pem`), '-binary', '-inform', 'DER', '-in', cmsFile, '-content', file('other.bin'), '-out', file('verified.out'))).toThrow();
    }
  });
});
