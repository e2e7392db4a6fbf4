const swc = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // PGlite loads Node built-ins with dynamic import(), which jest's VM cannot run; compiled to require() it can.
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  // Temporal integration suites start servers and workers; they need room, not wall-clock assertions.
  testTimeout: 60_000,
  // Two cores: more workers than that only thrash.
  maxWorkers: 2,
  // Temporal's runtime keeps native handles; teardown is explicit, and this stops a stray one from hanging CI.
  forceExit: true,
};
