/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // Temporal integration suites start servers and workers; they need room, not wall-clock assertions.
  testTimeout: 60_000,
  // Two cores: more workers than that only thrash.
  maxWorkers: 2,
  // Temporal's runtime keeps native handles; teardown is explicit, and this stops a stray one from hanging CI.
  forceExit: true,
};
