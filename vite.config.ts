import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The studio is a static site: `npm run dev` serves it, `vite build` writes dist/ for the browser tests.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, sourcemap: true },
  optimizeDeps: { exclude: ['@huggingface/transformers'] },
});
