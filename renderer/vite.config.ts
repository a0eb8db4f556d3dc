import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite evaluates this file as ESM and fills in import.meta.dirname, so paths do not depend on the cwd.
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  // Relative asset URLs: the desktop shell serves these files from a custom protocol, the bridge from 127.0.0.1.
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../out/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in the shipped app: they would double its size and help no user.
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries change less often than Loupe's own code; separate chunks keep each one reviewable in size.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            { name: 'icons', test: /node_modules[\\/]@tabler[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
