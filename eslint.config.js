import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import tseslint from 'typescript-eslint';
import { defineConfig, globalIgnores } from 'eslint/config';

/** Packages the pure layers (engine, domain) must never import: they run in Node, the CLI and a worker. */
const UI_PACKAGES = [
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
  'zundo',
  'comlink',
  'ag-grid-*',
  'recharts',
  'idb-keyval',
];

export default defineConfig([
  globalIgnores(['dist', 'dist-*', '.ci-out', 'playwright-report', 'test-results', 'coverage', 'node_modules']),
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended, reactHooks.configs.flat.recommended, reactRefresh.configs.vite],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'react/no-danger': 'off',
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: UI_PACKAGES, message: 'src/engine and src/domain are pure TypeScript: no UI, store or worker packages.' },
            {
              group: ['**/app/**', '**/state/**', '**/features/**', '**/worker/**', '**/components/**', 'node:*'],
              message: 'The pure layers may import only engine/ and domain/.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'indexedDB', 'navigator', 'fetch', 'XMLHttpRequest'],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs,js}', 'src/cli/**/*.ts', 'e2e/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
]);
