/** Vite build of the console: served by the Authgraph server at /console (no CDN). */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/console/config.json': 'http://127.0.0.1:4000',
      '/console/api': 'http://127.0.0.1:4000',
    },
  },
});
