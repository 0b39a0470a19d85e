import { defineConfig } from 'vite';

// The built site is copied into the service's jar and served at "/", but it
// may also sit behind a reverse proxy under a sub-path, so every URL in the
// output is relative ("./assets/...").
//
// `npm run dev` serves the page on its own port; API and tile calls are passed on to
// a running Tierra service (default port 7070, or TIERRA_API=http://host:port).
const apiTarget = process.env.TIERRA_API || 'http://127.0.0.1:7070';

export default defineConfig({
  base: './',
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/tiles': { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    // Older phones: lower our own code (optional chaining etc.) to ES2019.
    target: ['es2019', 'chrome64', 'edge79', 'firefox67', 'safari13', 'ios13'],
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // MapLibre itself is ~1 MB of minified JS (about 290 kB gzipped); that is
    // expected, and it is kept in a chunk of its own so that it stays cached
    // across releases of the app code.
    chunkSizeWarningLimit: 1200,
    // Only one entry chunk plus one library chunk: no need for the polyfill.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('/node_modules/maplibre-gl/')) return 'maplibre';
          return undefined;
        },
      },
    },
  },
});
