import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import { createRequire } from 'node:module';

// The domain modules the workflows import run in Temporal's deterministic sandbox too.
const WORKFLOW_SAFE_DOMAIN = createRequire(import.meta.url)('./domain/workflow-safe.json').files;

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', 'web/**', 'coverage/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-cycle': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts', ...WORKFLOW_SAFE_DOMAIN],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net'], message: 'Workflow code must stay deterministic: no Node built-ins.' },
          { group: ['mongoose', 'mongodb', 'handlebars', 'pkijs', 'asn1js', 'date-holidays', 'express', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code must not import I/O libraries; use an activity.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Workflows never read process.env: pass settings in the input.' },
      ],
    },
  },
  {
    // The domain core is plain business rules: no Temporal, no HTTP framework (test/unit/architecture.test.ts
    // checks the folder arrows as well).
    files: ['domain/**/*.ts'],
    ignores: WORKFLOW_SAFE_DOMAIN,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@temporalio/*', 'express', 'http', 'https', 'node:http', 'node:https'], message: 'The domain core has no Temporal or HTTP imports: an activity or a service adapts it.' },
        ],
      }],
    },
  },
);
