// Court documents on screen: pdf.js paints one page at a time into a canvas inside the page, never
// a plugin or an outside viewer. pdf.js is loaded when the first document opens, so the kiosk
// starts without it; its worker and data files come from the app itself ('self' under the CSP).
import type { PDFDocumentLoadingTask, PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.mjs?worker&url';

/** Where vite.config.ts puts pdf.js's character maps, standard fonts and JPEG 2000 decoder. */
const ASSETS = '/pdfjs/';
/** The mark made right after each page is painted (bench/ reads it). */
const PAINTED = 'delivery-page-painted';
/** How far "zoom in" goes, as multiples of the whole page fitting the screen. */
export const ZOOMS: readonly number[] = [1, 1.25, 1.5, 2, 2.5, 3];

interface Shown {
  readonly canvas: HTMLCanvasElement;
  readonly page: number;
  readonly zoom: number;
  readonly width: number;
  readonly height: number;
}

/** A page being painted into a canvas of its own, not yet in the page. */
interface Pending {
  readonly page: number;
  readonly zoom: number;
  readonly width: number;
  readonly height: number;
  /** The painted page, or null once cancelled. */
  readonly done: Promise<Shown | null>;
  /** Stops the paint, or lets go of its pixels if it has finished. */
  cancel(): void;
}

let loading: PDFDocumentLoadingTask | null = null;
let doc: PDFDocumentProxy | null = null;
// The paint the screen waits for, and the next page painted ahead while the shown one is read.
let current: Pending | null = null;
let ahead: Pending | null = null;
let shown: Shown | null = null;
// Bumped by every close (and so every open), so a document that finishes loading after it is dropped.
let opened = 0;
// Bumped by every paint and close, so a page painted after either is dropped.
let painted = 0;

/** Opens a PDF from its bytes; resolves to its number of pages. The bytes go to the worker. */
export async function openPdf(bytes: ArrayBuffer): Promise<number> {
  closePdf();
  const mine = opened;
  const pdfjs = await import('pdfjs-dist');
  if (mine !== opened) throw new Error('closed while loading');
  loading = load(pdfjs, bytes);
  const proxy = await loading.promise;
  if (mine !== opened) {
    void proxy.destroy();
    throw new Error('closed while loading');
  }
  doc = proxy;
  return proxy.numPages;
}

/** A loading task for `bytes`, with the options the CSP requires. */
function load(pdfjs: typeof import('pdfjs-dist'), bytes: ArrayBuffer): PDFDocumentLoadingTask {
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    // The CSP has no unsafe-eval and no inline styles, which @font-face rules from data would need.
    isEvalSupported: false,
    disableFontFace: true,
    // WebAssembly is not allowed either; JPEG 2000 images use the JavaScript decoder instead.
    useWasm: false,
    cMapUrl: `${ASSETS}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${ASSETS}standard_fonts/`,
    wasmUrl: `${ASSETS}wasm/`,
  });
}

/**
 * Paints every page of a PDF small, one after the other, each into a canvas `width` CSS pixels
 * wide handed to `each` with its page number; `each` answers false to stop (the screen was left).
 * The document is its own, apart from the viewer's, and is destroyed at the end. Resolves to the
 * number of pages.
 */
export async function paintThumbnails(bytes: ArrayBuffer, width: number, each: (page: number, canvas: HTMLCanvasElement) => boolean): Promise<number> {
  const pdfjs = await import('pdfjs-dist');
  const task = load(pdfjs, bytes);
  const proxy = await task.promise;
  try {
    for (let n = 1; n <= proxy.numPages; n += 1) {
      const page = await proxy.getPage(n);
      const natural = page.getViewport({ scale: 1 });
      const density = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: (width / natural.width) * density });
      const canvas = document.createElement('canvas');
      canvas.className = 'pdf-thumbnail';
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${width}px`;
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
      if (!each(n, canvas)) break;
    }
    return proxy.numPages;
  } finally {
    void proxy.destroy();
  }
}

/** Forgets the paint marks, so a kiosk that reads documents all day does not collect them without end. */
export function clearPaintMarks(): void {
  performance.clearMarks(PAINTED);
}

/** Closes the open document, stops any painting and lets go of the canvas's pixels. */
export function closePdf(): void {
  opened += 1;
  painted += 1;
  current?.cancel();
  ahead?.cancel();
  current = null;
  ahead = null;
  // Destroying the document ends its worker and frees everything pdf.js held of it.
  void (doc ?? loading)?.destroy();
  loading = null;
  doc = null;
  if (shown) {
    release(shown.canvas);
    shown.canvas.remove();
  }
  shown = null;
}

function release(canvas: HTMLCanvasElement): void {
  canvas.width = 0;
  canvas.height = 0;
}

function fits(at: { page: number; zoom: number; width: number; height: number }, page: number, zoom: number, width: number, height: number): boolean {
  return at.page === page && at.zoom === zoom && at.width === width && at.height === height;
}

/** Starts painting `page` of `from` into a new canvas at `zoom` times the size fitting `width`×`height`. */
function paintAside(from: PDFDocumentProxy, page: number, zoom: number, width: number, height: number): Pending {
  let cancelled = false;
  let task: RenderTask | null = null;
  const done = (async (): Promise<Shown | null> => {
    const proxy = await from.getPage(page);
    if (cancelled) return null;
    const natural = proxy.getViewport({ scale: 1 });
    const fit = Math.min(width / natural.width, height / natural.height);
    const viewport = proxy.getViewport({ scale: fit * zoom });
    // Painted at the screen's own pixel density, so text stays sharp.
    const density = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.className = 'pdf-page';
    canvas.width = Math.floor(viewport.width * density);
    canvas.height = Math.floor(viewport.height * density);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    task = proxy.render({ canvas, viewport, ...(density === 1 ? {} : { transform: [density, 0, 0, density, 0, 0] }) });
    try {
      await task.promise;
    } catch (reason) {
      release(canvas);
      if (cancelled) return null;
      throw reason;
    } finally {
      proxy.cleanup();
    }
    if (cancelled) {
      release(canvas);
      return null;
    }
    return { canvas, page, zoom, width, height };
  })();
  // A page painted ahead may fail with nobody waiting for it; whoever waits still sees the failure.
  done.catch(() => undefined);
  return {
    page,
    zoom,
    width,
    height,
    done,
    cancel() {
      cancelled = true;
      task?.cancel();
      void done.then((painted) => painted && release(painted.canvas), () => undefined);
    },
  };
}

/** The page's area in CSS pixels: what `host` offers inside its padding. */
function room(host: HTMLElement): { width: number; height: number } {
  const style = getComputedStyle(host);
  const across = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const down = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  return { width: Math.max(1, host.clientWidth - across), height: Math.max(1, host.clientHeight - down) };
}

function show(host: HTMLElement, page: number): void {
  host.dataset.renderedPage = String(page);
}

/**
 * Paints `page` (from 1) into `host` at `zoom` times the size that fits the whole page. The new
 * canvas replaces the old one only once it is painted, so the screen never flashes empty; the
 * same page at the same size is moved over rather than painted again. Once a page is shown the
 * next one is painted off screen, so turning to it only swaps canvases: at most two pages are held.
 * Resolves to whether this paint is the one on screen (a later paint or a close supersedes it).
 */
export async function paintPage(host: HTMLElement, page: number, zoom: number): Promise<boolean> {
  const { width, height } = room(host);
  if (shown && fits(shown, page, zoom, width, height)) {
    if (shown.canvas.parentElement !== host) host.replaceChildren(shown.canvas);
    show(host, page);
    return true;
  }
  if (!doc) return false;
  painted += 1;
  const mine = painted;
  current?.cancel();
  if (ahead && fits(ahead, page, zoom, width, height)) {
    current = ahead;
  } else {
    ahead?.cancel();
    current = paintAside(doc, page, zoom, width, height);
  }
  ahead = null;
  const result = await current.done.catch((reason: unknown) => {
    if (mine !== painted) return null;
    throw reason;
  });
  if (mine !== painted || !result) {
    if (result) release(result.canvas);
    return false;
  }
  current = null;
  const old = shown;
  shown = result;
  host.replaceChildren(result.canvas);
  if (old) release(old.canvas);
  show(host, page);
  performance.mark(PAINTED);
  if (page < doc.numPages) ahead = paintAside(doc, page + 1, zoom, width, height);
  return true;
}
