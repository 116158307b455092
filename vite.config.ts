import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the wasm backend use SharedArrayBuffer and so its threads (src/worker/
// wasmBackend.ts). `credentialless` still loads cross-origin files fetched with CORS (the Hub) — static
// hosts of dist/ should send the same two headers; without them training runs on one wasm thread.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

// The studio is a static site: `npm run dev` serves it, `vite build` writes dist/ for the browser tests.
export default defineConfig({
  plugins: [react()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  build: {
    target: 'es2022', chunkSizeWarningLimit: 8000, sourcemap: true,
    // diagnostics.html: the "Check your backends" page (src/ui/diagnostics).
    rollupOptions: { input: { main: 'index.html', diagnostics: 'diagnostics.html' } },
  },
});
