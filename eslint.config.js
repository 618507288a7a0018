// One flat config. The layer rules of ../shared/handbook/ARCHITECTURE.md are lint errors here,
// each message saying what to do instead; there is no exemption list.
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const electronOnlyInApp = {
  group: ['electron', 'electron/*'],
  message:
    "Only electron/app may import 'electron'. Put plain-Node logic in electron/services and pass Electron capabilities (safeStorage, shell) in from electron/app as arguments.",
};

/** What electron/services may not import (the engine has one more rule, below). */
const servicesImportPatterns = [
  electronOnlyInApp,
  {
    group: ['**/renderer/**'],
    message: 'electron/services may not import the renderer: share types and logic through shared/.',
  },
  {
    group: ['**/headless/**', '**/app/**'],
    message: 'electron/services is below the shells: pass what you need from the shell in as an argument.',
  },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', '.cache/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { import: importPlugin },
    settings: {
      // Relative imports only: Node's resolver with TypeScript's extensions is enough.
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'import/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/\\/utils$|\\/helpers$/]',
          message: 'No utils/helpers modules: name the file for what it does.',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnlyInApp,
            {
              group: ['**/electron/**', '**/renderer/**', '../../electron/*', '../../renderer/*'],
              message:
                'shared/ is pure TypeScript used by every layer: move the code that needs electron/ or renderer/ out of shared/, or pass it in as an argument.',
            },
            {
              group: ['node:*', ...nodeBuiltins],
              message:
                'shared/ may not use Node APIs: move this to electron/services, or take the value as an argument.',
            },
            {
              group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'],
              message: 'shared/ may not use DOM or UI libraries: move this to renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: servicesImportPatterns }],
    },
  },
  {
    files: ['electron/services/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...servicesImportPatterns,
            {
              group: ['**/db/**', '**/db'],
              message:
                "The engine records nothing itself: tell the host through its run hooks (engine/runHooks.ts); the backend's recorder writes the records.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/headless/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnlyInApp,
            {
              group: ['**/renderer/**'],
              message: 'The headless shell serves the built renderer; it never imports its code.',
            },
            {
              group: ['**/app/**'],
              message: 'The two shells do not import each other: move shared wiring to electron/services.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/app/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**'],
              message: 'The Electron shell loads the built renderer; it never imports its code.',
            },
            {
              group: ['**/headless/**'],
              message: 'The two shells do not import each other: move shared wiring to electron/services.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['error', { allowConstantExport: true }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnlyInApp,
            {
              group: ['**/electron/**', 'better-sqlite3', 'axios'],
              message:
                'The renderer reaches the backend only through renderer/src/api/client.ts (the typed API client).',
            },
            {
              group: ['node:*', ...nodeBuiltins],
              message:
                'The renderer runs in a sandboxed browser page: Node APIs belong in electron/services, called through the API client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.ts', '*.config.{ts,js}', '**/*.test.ts'],
    languageOptions: { globals: globals.node },
  },
);
