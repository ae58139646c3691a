// Build settings: a plain static bundle the Tauri webview loads under a strict CSP.
import { defineConfig } from 'vite';

export default defineConfig({
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.50 (Linux webview) and current Chromium both run ES2022 natively.
    target: 'es2022',
    // Inlined assets would become data: URLs, which the CSP's default-src 'self' blocks.
    assetsInlineLimit: 0,
    // The modulepreload polyfill is only needed for old browsers and adds code to the entry.
    modulePreload: { polyfill: false },
  },
  server: { strictPort: true, port: 1420 },
});
