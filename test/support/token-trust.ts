/** For tests that set `QUJAT_TOKEN_TRUST_MS` (db/trusted-reads.ts): the value the file started with comes back after each test. */
export function restoreTokenTrustAfterEach(): void {
  const saved = process.env.QUJAT_TOKEN_TRUST_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.QUJAT_TOKEN_TRUST_MS;
    else process.env.QUJAT_TOKEN_TRUST_MS = saved;
  });
}
