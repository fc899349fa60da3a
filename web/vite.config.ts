// The web application's build: React, from web/ to dist/web, served by the service at `/`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    alias: {
      // dkfds's package exports only its JavaScript; its stylesheet (and the fonts and icons that
      // stylesheet names) are taken from dist/ by path. Vite copies each into the build: no CDN.
      'dkfds-css': path.resolve(here, '../node_modules/dkfds/dist/css/dkfds.min.css'),
      'dkfds-icons': path.resolve(here, '../node_modules/dkfds/dist/img/svg-icons'),
    },
  },
  build: {
    outDir: path.resolve(here, '../dist/web'),
    emptyOutDir: true,
    // No inline scripts or styles: the page runs under a strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
