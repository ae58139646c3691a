// One submitted item on the clerk's screen. A PDF is painted page by page by the shared pdf.js
// viewer; a JPEG or PNG is decoded to a bitmap and drawn on a canvas (the CSP allows no blob:
// images); a TIFF cannot be shown by the webview, so its page count is said instead. The bytes
// go to pdf.js or the decoder and are not kept; `dropItem` lets go of everything shown.
import type { ApiError, ItemBody } from './bindings';
import { h } from './dom';
import { t } from './i18n';
import { call, toApiError } from './ipc';
import { counted, refusalText } from './desk-intake-text';
import { ZOOMS, clearPaintMarks, closePdf, openPdf, paintPage } from './pdf-viewer';

type Shown =
  | { kind: 'loading' }
  | { kind: 'pdf'; pages: number }
  | { kind: 'image'; bitmap: ImageBitmap; canvas: HTMLCanvasElement | null }
  | { kind: 'tiff' }
  | { kind: 'unreadable' }
  | { kind: 'refused'; error: ApiError };

interface Viewing {
  readonly submissionId: string;
  readonly item: ItemBody;
  shown: Shown;
  page: number;
  zoom: number;
}

let viewing: Viewing | null = null;
// Bumped by every open and drop, so bytes that arrive for an item no longer chosen are let go.
let asked = 0;
let signInRequired: () => void = () => {};

/** Who to tell when Rust answers that nobody is signed in any more. */
export function onItemSignInRequired(handler: () => void): void {
  signInRequired = handler;
}

export function viewedItem(): string | null {
  return viewing?.item.item_id ?? null;
}

/** The code Rust refused the item shown with, if it was refused. */
export function viewedRefusal(): string | null {
  return viewing?.shown.kind === 'refused' ? viewing.shown.error.code : null;
}

/** Reads the item shown again, as its retry button does. */
export function reloadItem(): void {
  if (viewing) void openItem(viewing.submissionId, viewing.item);
}

function release(shown: Shown | undefined): void {
  if (shown?.kind === 'pdf') closePdf();
  if (shown?.kind === 'image') {
    shown.bitmap.close();
    if (shown.canvas) {
      shown.canvas.width = 0;
      shown.canvas.height = 0;
      shown.canvas.remove();
    }
  }
}

/** Forgets the item shown: the open PDF, the decoded image, their canvases. */
export function dropItem(): void {
  asked += 1;
  release(viewing?.shown);
  closePdf();
  clearPaintMarks();
  viewing = null;
}

/** Reads the item's bytes from Rust and shows them; a later open or a drop supersedes it. */
export async function openItem(submissionId: string, item: ItemBody): Promise<void> {
  dropItem();
  const mine = asked;
  const current = (): boolean => mine === asked;
  const view: Viewing = { submissionId, item, shown: { kind: 'loading' }, page: 1, zoom: 1 };
  viewing = view;
  paintViewer();
  if (item.media_type === 'image/tiff') {
    view.shown = { kind: 'tiff' };
    paintViewer();
    return;
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await call('desk_intake_item', { submissionId, itemId: item.item_id });
  } catch (reason) {
    if (!current()) return;
    const error = toApiError(reason);
    if (error.code === 'sign_in_required') return signInRequired();
    view.shown = { kind: 'refused', error };
    paintViewer();
    return;
  }
  if (!current()) return;
  try {
    view.shown = item.media_type === 'application/pdf'
      ? { kind: 'pdf', pages: await openPdf(bytes) }
      : { kind: 'image', bitmap: await createImageBitmap(new Blob([bytes], { type: item.media_type })), canvas: null };
  } catch {
    if (!current()) return;
    view.shown = { kind: 'unreadable' };
  }
  if (!current()) {
    // A later open already closed the PDF with its own; only a decoded image is left to free.
    if (view.shown.kind === 'image') view.shown.bitmap.close();
    return;
  }
  paintViewer();
}

function pages(view: Viewing): number {
  if (view.shown.kind === 'pdf') return view.shown.pages;
  return view.shown.kind === 'image' ? 1 : 0;
}

/** Draws the bitmap to fit `host` at `zoom`, at the screen's pixel density so it stays sharp. */
function drawImage(host: HTMLElement, shown: Extract<Shown, { kind: 'image' }>, zoom: number): void {
  const style = getComputedStyle(host);
  const width = Math.max(1, host.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  const height = Math.max(1, host.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom));
  const { bitmap } = shown;
  const scale = Math.min(width / bitmap.width, height / bitmap.height) * zoom;
  const density = window.devicePixelRatio || 1;
  const canvas = shown.canvas ?? document.createElement('canvas');
  canvas.className = 'pdf-page';
  canvas.width = Math.max(1, Math.floor(bitmap.width * scale * density));
  canvas.height = Math.max(1, Math.floor(bitmap.height * scale * density));
  canvas.style.width = `${Math.floor(bitmap.width * scale)}px`;
  canvas.style.height = `${Math.floor(bitmap.height * scale)}px`;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  shown.canvas = canvas;
  host.replaceChildren(canvas);
  host.dataset.renderedPage = '1';
}

function say(host: HTMLElement, text: string, attrs: Record<string, string> = {}): void {
  host.replaceChildren(h('p', { class: 'review-viewer-text', ...attrs }, text));
  delete host.dataset.renderedPage;
}

function refusal(host: HTMLElement, error: ApiError, retry: () => void): void {
  const again = h('button', { type: 'button', class: 'button', id: 'review-item-retry' }, t('desk.intake.viewer.retry'));
  again.addEventListener('click', retry);
  host.replaceChildren(
    h('p', { class: 'desk-message', id: 'review-item-problem', role: 'alert', 'data-kind': 'error', 'data-code': error.code }, refusalText(error)),
    again,
  );
  delete host.dataset.renderedPage;
}

// aria-disabled rather than disabled: a control that stops applying (the last page reached) keeps focus.
function enable(id: string, on: boolean): void {
  document.getElementById(id)?.setAttribute('aria-disabled', String(!on));
}

/** Brings the viewer's controls and its page up to date; the screen around it is not redrawn. */
export function paintViewer(): void {
  const host = document.getElementById('review-viewer');
  const counter = document.getElementById('review-page');
  const view = viewing;
  if (!host || !counter) return;
  const count = view ? pages(view) : 0;
  const page = view?.page ?? 0;
  counter.textContent = count > 0 ? t('desk.intake.viewer.page', { page: String(page), pages: String(count) }) : '';
  counter.dataset.page = String(page);
  counter.dataset.pages = String(count);
  const at = ZOOMS.indexOf(view?.zoom ?? 1);
  enable('review-prev', count > 0 && page > 1);
  enable('review-next', page < count);
  enable('review-zoom-out', count > 0 && at > 0);
  enable('review-zoom-in', count > 0 && at < ZOOMS.length - 1);
  host.dataset.item = view?.item.item_id ?? '';
  // A painted page is a picture named by its page number; anything else is text and buttons.
  if (count > 0) {
    host.setAttribute('role', 'img');
    host.setAttribute('aria-label', counter.textContent);
  } else {
    host.removeAttribute('role');
    host.removeAttribute('aria-label');
  }
  if (!view) return say(host, t('desk.intake.viewer.choose'));
  const { shown } = view;
  switch (shown.kind) {
    case 'loading':
      return say(host, t('desk.intake.viewer.loading'), { role: 'status' });
    case 'tiff':
      return say(host, t('desk.intake.viewer.tiff', { pages: counted('pages', view.item.pages) }), { 'data-unsupported': 'image/tiff' });
    case 'unreadable':
      return say(host, t('desk.intake.viewer.unreadable'), { 'data-problem': 'unreadable', role: 'alert' });
    case 'refused':
      return refusal(host, shown.error, () => void openItem(view.submissionId, view.item));
    case 'image':
      return drawImage(host, shown, view.zoom);
    case 'pdf':
      void paintPage(host, view.page, view.zoom).catch(() => {
        if (viewing !== view) return;
        view.shown = { kind: 'unreadable' };
        closePdf();
        paintViewer();
      });
  }
}

export function turnPage(by: number): void {
  const view = viewing;
  if (!view || pages(view) === 0) return;
  view.page = Math.min(pages(view), Math.max(1, view.page + by));
  paintViewer();
}

export function zoomBy(steps: number): void {
  const view = viewing;
  if (!view || pages(view) === 0) return;
  const at = ZOOMS.indexOf(view.zoom) + steps;
  view.zoom = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, at))] ?? 1;
  paintViewer();
}

/** The page area and its controls, drawn empty: `paintViewer` fills them. */
export function viewerPart(): HTMLElement {
  const control = (id: string, key: 'prev' | 'next' | 'zoom_in' | 'zoom_out', run: () => void): HTMLButtonElement => {
    const el = h('button', { type: 'button', class: 'button review-control', id }, t(`desk.intake.viewer.${key}`));
    el.addEventListener('click', run);
    return el;
  };
  return h(
    'div',
    { class: 'review-view' },
    h(
      'div',
      { class: 'review-controls', role: 'group', 'aria-label': t('desk.intake.viewer.controls') },
      control('review-prev', 'prev', () => turnPage(-1)),
      h('p', { class: 'review-page', id: 'review-page', 'aria-live': 'polite' }),
      control('review-next', 'next', () => turnPage(1)),
      control('review-zoom-out', 'zoom_out', () => zoomBy(-1)),
      control('review-zoom-in', 'zoom_in', () => zoomBy(1)),
    ),
    h('div', { class: 'review-viewer', id: 'review-viewer', tabindex: '0' }),
  );
}
