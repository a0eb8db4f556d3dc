import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import rendererConfig from './renderer/vite.config';

const root = import.meta.dirname;

/**
 * The desktop build. The main process bundle holds three entries: the shell
 * (index), the backend it forks as a utility process, and the PGlite worker the
 * backend starts; PGlite and better-sqlite3 stay external (they load their own
 * wasm and native files at run time).
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main.ts'),
          backend: resolve(root, 'electron/backend.ts'),
          'pglite-worker': resolve(root, 'core/db/pglite-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    root: resolve(root, 'renderer'),
    build: {
      ...rendererConfig.build,
      minify: true,
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        ...rendererConfig.build?.rolldownOptions,
        input: resolve(root, 'renderer/index.html'),
      },
    },
  },
});
