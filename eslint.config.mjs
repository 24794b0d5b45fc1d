// Lint is the architecture's test: the import zones below are the layering in ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layer = (target, from, message) => ({ target, from, message });

const zones = [
  layer(
    './src/shared',
    [
      './src/connectors',
      './src/engine',
      './src/sandbox',
      './src/main',
      './src/preload',
      './src/renderer',
      './src/cli',
    ],
    'shared/ is the contract: it imports nothing else of ours.',
  ),
  layer(
    './src/connectors',
    ['./src/engine', './src/sandbox', './src/main', './src/preload', './src/renderer', './src/cli'],
    'connectors/ imports only shared/ and its own kit.',
  ),
  layer(
    './src/engine',
    ['./src/sandbox', './src/main', './src/preload', './src/renderer', './src/cli'],
    'engine/ imports shared/ and connectors/ only.',
  ),
  layer(
    './src/sandbox',
    [
      './src/shared',
      './src/connectors',
      './src/engine',
      './src/main',
      './src/preload',
      './src/renderer',
      './src/cli',
    ],
    "sandbox/ is written from the marketplaces' docs and imports only its own kit.",
  ),
  layer(
    './src/renderer',
    [
      './src/connectors',
      './src/engine',
      './src/sandbox',
      './src/main',
      './src/preload',
      './src/cli',
    ],
    'renderer/ talks only through the contract in shared/.',
  ),
  layer(
    './src/preload',
    [
      './src/connectors',
      './src/engine',
      './src/sandbox',
      './src/main',
      './src/renderer',
      './src/cli',
    ],
    'preload/ is glue typed from shared/.',
  ),
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.tsbuild/',
      'reports/',
      'artifacts/',
      'coverage/',
      '**/.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Our relative imports end in `.js` (ESM) but name `.ts` files: without this alias the zones
      // below would never resolve a path and so never fire.
      'import-x/resolver-next': [
        createNodeResolver({ extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/ imports electron.' }] },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only src/main/ imports electron.' },
            { name: 'better-sqlite3', message: 'The renderer never touches the store.' },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os'],
              message: 'No Node APIs on the web side.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Tests, scripts and the message catalogues (data: one entry per text) are long by nature.
    files: [
      '**/*.test.ts',
      '**/*.test.tsx',
      'tests/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.mjs',
      'src/renderer/i18n/en.ts',
      'src/renderer/i18n/zh-CN.ts',
    ],
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['bench/**/*.ts', 'scripts/**/*.mjs', 'src/cli/**/*.ts'],
    // Benchmarks, build scripts and the CLI print to the terminal: that is their output, not logging.
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
