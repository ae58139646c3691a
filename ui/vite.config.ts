// Build settings: a plain static bundle the Tauri webview loads under a strict CSP.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const PDFJS = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** Where the viewer (src/pdf-viewer.ts) finds pdf.js's data files, in the build and on the dev server alike. */
const PDFJS_ASSETS = '/pdfjs/';
// Character maps (for CJK text in fonts a PDF does not embed), the 14 standard fonts, and the
// JavaScript JPEG 2000 decoder used instead of WebAssembly, which the CSP does not allow.
const PDFJS_FILES: readonly string[] = [
  ...readdirSync(join(PDFJS, 'cmaps')).map((name) => `cmaps/${name}`),
  ...readdirSync(join(PDFJS, 'standard_fonts')).map((name) => `standard_fonts/${name}`),
  'wasm/openjpeg_nowasm_fallback.js',
];

/**
 * pdf.js probes for eval with `new Function("")` and compiles PostScript functions with it. The
 * CSP forbids both, the viewer turns them off (`isEvalSupported: false`), and the probe alone
 * would be reported as a CSP violation; so the probe answers "no" and the compiling branch is
 * dropped from the bundle. A pdf.js whose code no longer matches fails the build here.
 */
const NO_EVAL: readonly { file: RegExp; from: string; to: string }[] = [
  {
    file: /pdfjs-dist\/build\/pdf(\.worker)?\.mjs$/,
    from: 'function isEvalSupported() {\n  try {\n    new Function("");\n    return true;\n  } catch {\n    return false;\n  }\n}',
    to: 'function isEvalSupported() {\n  return false;\n}',
  },
  {
    file: /pdfjs-dist\/build\/pdf\.worker\.mjs$/,
    from: 'if (factory.isEvalSupported && FeatureTest.isEvalSupported) {',
    to: 'if (false) {',
  },
];

function pdfjsWithoutEval(): Plugin {
  return {
    name: 'pdfjs-without-eval',
    transform(code, id) {
      const rules = NO_EVAL.filter((rule) => rule.file.test(id));
      if (rules.length === 0) return null;
      let out = code;
      for (const { from, to } of rules) {
        if (!out.includes(from)) this.error(`pdf.js changed: "${from.slice(0, 40)}" not found in ${id}`);
        out = out.replace(from, to);
      }
      return { code: out, map: null };
    },
  };
}

/** Serves pdf.js's data files under PDFJS_ASSETS, from node_modules in dev and copied into dist/. */
function pdfjsAssets(): Plugin {
  return {
    name: 'pdfjs-assets',
    configureServer(server) {
      server.middlewares.use(PDFJS_ASSETS, (req, res, next) => {
        const path = (req.url ?? '').split('?')[0]?.replace(/^\//, '') ?? '';
        if (!PDFJS_FILES.includes(path)) return next();
        res.setHeader('content-type', extname(path) === '.js' ? 'text/javascript' : 'application/octet-stream');
        res.end(readFileSync(join(PDFJS, path)));
      });
    },
    generateBundle() {
      for (const path of PDFJS_FILES) {
        this.emitFile({ type: 'asset', fileName: `${PDFJS_ASSETS.slice(1)}${path}`, source: readFileSync(join(PDFJS, path)) });
      }
    },
  };
}

export default defineConfig({
  clearScreen: false,
  plugins: [pdfjsWithoutEval(), pdfjsAssets()],
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
  // pdf.js's worker is a module (it has top-level imports and exports).
  worker: { format: 'es', plugins: () => [pdfjsWithoutEval()] },
  server: { strictPort: true, port: 1420 },
});
