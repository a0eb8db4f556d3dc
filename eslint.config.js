// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '.scratch/',
      'node_modules/',
      'out/',
      'dist/',
      '.tsbuild/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The core is platform-free: it runs in plain Node (CLI, bridge, tests) and in
    // Electron's utility process. It must never reach for Electron, React or the UI.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core/ must not import electron.' },
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'core/ must not import React.',
            },
            { group: ['**/renderer/**', 'renderer/*'], message: 'core/ must not import from renderer/.' },
            { group: ['@mantine/*', '@nivo/*', 'zustand'], message: 'core/ must not import UI libraries.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer only knows the typed contract; it never touches a database or Node.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'worker_threads'],
              message: 'renderer/ runs in a browser sandbox.',
            },
            {
              group: ['@electric-sql/*', 'better-sqlite3', 'electron'],
              message: 'renderer/ talks to the backend only through the typed client.',
            },
            {
              group: ['**/core/service/**', '**/core/db/**', '**/core/cli/**', '**/core/bridge/**'],
              message: 'renderer/ may import only core/api.',
            },
          ],
        },
      ],
    },
  },
);
