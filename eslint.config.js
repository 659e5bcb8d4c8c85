import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'http',
  'net',
  'url',
  'util',
  'stream',
];

/** Layer rules, in the spirit of VS Code's code-layering: each folder may import only downward. */
function layer(files, { group, message }) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'bench-results/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(['src/shared/**/*'], {
    group: [
      ...nodeBuiltins,
      'electron',
      'vue',
      'pinia',
      'ws',
      'systeminformation',
      '**/core/**',
      '**/main/**',
      '**/preload/**',
      '**/renderer/**',
      '**/server/**',
    ],
    message: 'src/shared is the pure contract: no Node, DOM, Electron or engine imports.',
  }),
  layer(['src/core/**/*'], {
    group: ['electron', 'vue', 'pinia', '**/main/**', '**/preload/**', '**/renderer/**', '**/server/**'],
    message: 'src/core is the plain-Node engine: it never imports Electron, the UI or a shell.',
  }),
  layer(['src/main/**/*'], {
    group: ['vue', 'pinia', 'ws', '**/renderer/**', '**/server/**', '**/preload/**'],
    message: 'src/main is Electron glue over the core: no UI, no browser-mode server.',
  }),
  layer(['src/preload/**/*'], {
    group: [
      ...nodeBuiltins,
      'vue',
      'pinia',
      'zod',
      '**/core/**',
      '**/main/**',
      '**/renderer/**',
      '**/server/**',
      '**/shared/contract',
      '**/shared/schemas',
    ],
    message: 'The sandboxed preload may import only electron and the channel names in src/shared.',
  }),
  layer(['src/renderer/**/*'], {
    group: [
      ...nodeBuiltins,
      'electron',
      'ws',
      'systeminformation',
      '**/core/**',
      '**/main/**',
      '**/preload/**',
      '**/server/**',
    ],
    message: 'The renderer reaches the engine only through its Transport.',
  }),
  // Browser mode and the headless CLI are both shells over the core, without Electron or a UI.
  layer(['src/server/**/*', 'src/cli/**/*'], {
    group: ['electron', 'vue', 'pinia', '**/main/**', '**/preload/**', '**/renderer/**'],
    message: 'Browser mode and the CLI drive the core without Electron or a UI.',
  }),
  prettier,
);
