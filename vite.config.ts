import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The studio is a static site: `npm run dev` serves it, `vite build` writes dist/ for the browser tests.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022', chunkSizeWarningLimit: 8000, sourcemap: true,
    // diagnostics.html: the "Check your backends" page (src/ui/diagnostics).
    rollupOptions: { input: { main: 'index.html', diagnostics: 'diagnostics.html' } },
  },
  optimizeDeps: { exclude: ['@huggingface/transformers'] },
});
