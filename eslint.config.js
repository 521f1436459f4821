// ESLint: TypeScript rules plus the folder boundaries of docs/ARCHITECTURE.md (each folder's README
// says what it may import), so that a wrong import fails `npm test` at the line that makes it instead
// of surfacing in a renderer or on a TV browser. `.dependency-cruiser.cjs` checks the same boundaries
// across the whole graph, and import cycles.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url', 'util'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.cache/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // electron-builder loads its hooks with require(): they are CommonJS on purpose.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeBuiltins, 'better-sqlite3', 'electron', 'react', 'react-dom'], message: 'shared/ is pure TypeScript: no Node, DOM or Electron.' },
            { group: ['**/electron/**', '**/renderer/**', '**/central/**'], message: 'shared/ imports from nowhere else in the repo.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeBuiltins, 'electron', 'better-sqlite3'], message: 'The renderer runs in a browser: no Node or Electron.' },
            { group: ['**/electron/**', '**/central/**'], message: 'The renderer imports only shared/ and itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/hub/**/*.ts', 'electron/printer/**/*.ts', 'central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Runs under plain Node: services from Electron are passed in.' }] },
      ],
    },
  },
);
