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

/**
 * Which service areas each area of electron/services may import (tests and test support aside):
 * the areas form layers — storage and events at the bottom, the engine and HTTP above them, the
 * services of each concept above those, the API handlers on top — so a change in one area never
 * reaches up. `api` (the handlers) may import every area and is not listed.
 */
const serviceAreaImports = {
  db: [],
  events: [],
  secrets: ['db'],
  settings: ['db'],
  http: ['db'],
  engine: ['http'],
  configurations: ['db', 'events', 'http', 'secrets'],
  integrations: ['db', 'events', 'http', 'secrets'],
  methods: ['db', 'events', 'http'],
  runbooks: ['db', 'engine'],
  runs: ['db', 'engine', 'events'],
  io: ['db', 'events', 'http', 'runbooks'],
  triggers: ['db', 'engine', 'events', 'runbooks', 'secrets'],
  rehearsal: ['db', 'engine', 'runbooks'],
};
const serviceAreas = [...Object.keys(serviceAreaImports), 'api'];

/** Why an area may not import another, when a plainer reason than the layering exists. */
const serviceAreaReasons = {
  'engine→db':
    "The engine records nothing itself: tell the host through its run hooks (engine/runHooks.ts); the backend's recorder writes the records.",
};

const serviceAreaRules = Object.entries(serviceAreaImports).map(([area, allowed]) => ({
  files: [`electron/services/${area}/**/*.ts`],
  ignores: ['**/*.test.ts', '**/testSupport/**'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          ...servicesImportPatterns,
          ...serviceAreas
            .filter((other) => other !== area && !allowed.includes(other))
            .map((other) => ({
              group: [`../${other}`, `../${other}/**`, `../../${other}`, `../../${other}/**`],
              message:
                serviceAreaReasons[`${area}→${other}`] ??
                `electron/services/${area} may import only ${allowed.length === 0 ? 'shared/ and Node' : allowed.join(', ')} of the service areas (eslint.config.js, serviceAreaImports): pass what it needs from ${other} in as an argument, or move the code to the area that owns it.`,
            })),
        ],
      },
    ],
  },
}));

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
  ...serviceAreaRules,
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
