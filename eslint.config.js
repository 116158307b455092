import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const REACT = ['react', 'react-dom', 'react/*', 'react-dom/*', 'recharts', '@tanstack/react-virtual'];

/**
 * The import rule of one layer (a folder under src/): no import through the folder of a layer above it,
 * no React outside src/ui, and (where `idb`) no IndexedDB library.
 */
function layer(dir, forbiddenLayers, why, { react = false, idb = false } = {}) {
  const patterns = forbiddenLayers.map((name) => ({
    regex: `(^|/)${name}(/|$)`,
    message: `${why}: it must not import from src/${name}.`,
  }));
  if (!react) patterns.push({ group: REACT, message: `${why}: React lives in src/ui only.` });
  if (idb) patterns.push({ group: ['idb', 'idb/*'], message: `${why}: IndexedDB lives in src/storage.` });
  return { files: [`${dir}/**/*.{ts,tsx}`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/', 'dist-cli/', 'node_modules/', 'public/', 'test/fixtures/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // The layers import downward only: core ← storage ← worker ← ui, and cli → core. A layer is named by
  // its folder, so an import path through another layer's folder is what each rule rejects
  // (test/unit/structure-layers.test.ts shows each rule rejecting a wrong import).
  layer('src/core', ['storage', 'worker', 'ui', 'cli'], 'src/core is pure TS shared by the worker, the UI and the Node CLI', { idb: true }),
  layer('src/storage', ['worker', 'ui', 'cli'], 'src/storage is the browser\'s persistence: it builds on src/core only'),
  layer('src/worker', ['ui', 'cli'], 'src/worker builds on src/core and src/storage, never on the UI'),
  layer('src/cli', ['storage', 'worker', 'ui'], 'src/cli runs src/core in Node: no browser storage, workers or UI', { idb: true }),
  layer('src/ui', ['cli'], 'src/ui never imports the Node CLI', { react: true }),
  {
    // src/core has no DOM, no IndexedDB; and its functions stay small enough to read at once (a longer
    // one wants splitting into named steps, as the trainer's phases are).
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'src/core has no DOM.' },
        { name: 'document', message: 'src/core has no DOM.' },
        { name: 'indexedDB', message: 'src/core has no IndexedDB.' },
        { name: 'localStorage', message: 'src/core has no DOM storage.' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
