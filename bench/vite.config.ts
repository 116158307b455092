import { defineConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The data bench page (bench/data.html) built on its own into .cache/bench-data: it imports the studio's
// parse client, so it measures exactly the worker path the app uses.
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: path.resolve(here, '../.cache/bench-data'),
    emptyOutDir: true,
    rollupOptions: { input: path.resolve(here, 'data.html') },
  },
});
