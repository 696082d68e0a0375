/** Jest: SWC transpiles (fast); `npm run typecheck` does the type checking once for the whole tree. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // pkijs 4 and asn1js 4 ship ES modules only; Node 20 loads them with require(esm), jest's loader cannot.
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(pkijs|asn1js|@peculiar|@noble|pvtsutils|pvutils|bytestreamjs)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
  testTimeout: 120000,
  // Workflow and API tests share one Temporal dev server and one database; two workers keep a 2-core machine busy without starving the servers.
  maxWorkers: 2,
};
