// Lint rules for every workspace. Import boundaries keep heavy or privileged libraries in their one home.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tsbuild/**', 'models/store/**', 'models/fixtures/**', 'test-results/**', 'playwright-report/**', 'dev-dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // dexie only in web/src/db; jose only in sync-server/src/auth.
  { files: ['web/src/**/*.{ts,tsx}'], ignores: ['web/src/db/**'], rules: restrict([{ group: ['dexie'], message: 'Use web/src/db.' }]) },
  { files: ['sync-server/src/**/*.ts'], ignores: ['sync-server/src/auth/**'], rules: restrict([{ group: ['jose'], message: 'Use sync-server/src/auth.' }]) },
  // core is isomorphic: no Node built-ins outside tests.
  {
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/**/*.test.ts'],
    rules: restrict([{ group: ['node:*', 'fs', 'path', 'crypto'], message: 'core/ runs in the browser too.' }]),
  },
);
