import { hashPassword, needsRehash, verifyPassword } from '../../../domain/identity/password-hash';

describe('password hashes (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('treats Unicode compositions of the same text as the same password', async () => {
    const stored = await hashPassword('Құпиясөз-\u0049\u0307');
    await expect(verifyPassword('Құпиясөз-\u0130', stored)).resolves.toBe(true);
  });

  it('never matches a malformed stored value', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('x', 'scrypt$abc$8$1$salt$key')).resolves.toBe(false);
  });

  it('asks for a rehash when the stored parameters are weaker than the current ones', async () => {
    const weak = await hashPassword('pw', { N: 1024, r: 8, p: 1 });
    expect(needsRehash(weak)).toBe(true);
    await expect(verifyPassword('pw', weak)).resolves.toBe(true);
    expect(needsRehash(await hashPassword('pw'))).toBe(false);
  });
});
