// Vite build of the PWA in web/: React, the service worker (offline after first visit) and the manifest.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { espeakAssets, live2dAssets, ortAssets, packageAssets } from './web/build/package-assets';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const apiTarget = process.env.VITE_API_TARGET ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Lazy chunks (engines, workers) go to assets/lazy/ so the service worker can leave them out of the
    // install-time precache and cache them on first use instead.
    rollupOptions: { output: { chunkFileNames: 'assets/lazy/[name]-[hash].js' } },
  },
  worker: { format: 'es', rollupOptions: { output: { chunkFileNames: 'assets/lazy/[name]-[hash].js', entryFileNames: 'assets/lazy/[name]-[hash].js' } } },
  server: {
    port: 5173,
    strictPort: true,
    // The dev server forwards API calls so the browser stays same-origin.
    proxy: Object.fromEntries(['/api', '/v1', '/health', '/openapi.json', '/docs', '/models'].map((p) => [p, apiTarget])),
  },
  plugins: [
    react(),
    packageAssets([ortAssets(), espeakAssets(), ...live2dAssets()]),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Companion',
        short_name: 'Companion',
        description: 'An AI companion that runs on your own device.',
        theme_color: '#1f2430',
        background_color: '#14161c',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The app shell is precached; model weights are cached by their own loaders, never by the service worker.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['ort/**', 'speech/**', 'live2d/**', 'assets/lazy/**', '**/*.wasm'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/v1\//, /^\/health/, /^\/docs/, /^\/openapi\.json/, /^\/models\//],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        // The ONNX runtime (tens of MB) is cached the first time a model engine needs it, not at install.
        runtimeCaching: [
          {
            // Content-hashed, so a cached copy is always the right one.
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/lazy/') || url.pathname.endsWith('.wasm'),
            handler: 'CacheFirst',
            options: { cacheName: 'app-lazy-chunks', expiration: { maxEntries: 64 } },
          },
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/ort/') || url.pathname.startsWith('/speech/'),
            handler: 'CacheFirst',
            options: { cacheName: 'runtime-assets', expiration: { maxEntries: 16 } },
          },
          {
            // The default avatar (Cubism 2 runtime and sample model, about 3 MB in 50 files): cached when first shown.
            urlPattern: ({ url }) => url.pathname.startsWith('/live2d/'),
            handler: 'CacheFirst',
            options: { cacheName: 'avatar-assets', expiration: { maxEntries: 96 } },
          },
        ],
      },
    }),
  ],
});
