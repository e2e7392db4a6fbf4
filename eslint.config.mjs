// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * The workflow sandbox wall: workflow code must stay deterministic, so it may import only `domain/`,
 * `@temporalio/workflow` and *types* of activities. Everything with I/O is kept out here, at lint time,
 * rather than discovered at bundle time or, worse, at replay.
 */
export const workflowWall = {
  files: ['workflows/**/*.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [
          ...builtinModules.map((name) => ({ name, message: 'Node built-ins are not allowed in workflow code.' })),
          ...['nodemailer', 'twilio', 'kysely', 'pg', '@electric-sql/pglite', 'fastify', 'pino'].map((name) => ({
            name,
            message: `${name} does side effects; call it from an activity instead.`,
          })),
        ],
        patterns: [
          { group: ['node:*'], message: 'Node built-ins are not allowed in workflow code.' },
          {
            group: ['**/activities', '**/activities/**'],
            allowTypeImports: true,
            message: 'Workflows may only `import type` from activities; call them through proxyActivities.',
          },
          {
            group: ['**/channels', '**/channels/**', '**/db', '**/db/**', '**/api', '**/api/**', '**/worker/**'],
            message: 'Workflow code may not import I/O layers (channels, db, api, worker).',
          },
          {
            group: ['nodemailer/**', 'twilio/**', 'kysely/**', 'pg/**'],
            message: 'Provider and database libraries are not allowed in workflow code.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', '**/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  workflowWall,
  prettier,
);
