// The pages of one item of the draft, painted small: shown right after a scan, and on asking from
// the list of materials. Under each page of a scan, "scan this page again" puts a new scan of that
// page in its place. The item's bytes come from Rust (`intake_item`); a PDF is painted page by page
// by pdf.js, a JPEG or PNG decoded onto a canvas (the CSP allows no blob: images). Only the shown
// item's thumbnails are held, and they are let go on leaving the screen or the visit.
import type { DraftItemView } from './bindings';
import { h } from './dom';
import { t } from './i18n';
import { call } from './ipc';
import { backButton, change, flow, frame, go, refuse, type Step } from './kiosk-intake-flow';
import { button, isPhoto } from './kiosk-intake-view';

/** CSS pixels wide. */
const THUMB_WIDTH = 180;

type PagesStep = Extract<Step, { screen: 'intake-pages' }>;

let held: { key: string; canvases: Map<number, HTMLCanvasElement>; failed: boolean } | null = null;

/** Lets go of the thumbnails' pixels. */
export function dropThumbnails(): void {
  for (const canvas of held?.canvases.values() ?? []) {
    canvas.width = 0;
    canvas.height = 0;
  }
  held = null;
}

function slot(page: number): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.intake-thumb[data-page="${page}"] .intake-thumb-frame`);
}

function attach(page: number, canvas: HTMLCanvasElement): void {
  const frameEl = slot(page);
  if (!frameEl) return;
  frameEl.replaceChildren(canvas);
  frameEl.closest('.intake-thumb')?.setAttribute('data-painted', 'true');
}

async function imageCanvas(bytes: ArrayBuffer, type: string): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(new Blob([bytes], { type }));
  const density = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.className = 'pdf-thumbnail';
  canvas.width = Math.floor(THUMB_WIDTH * density);
  canvas.height = Math.floor((bitmap.height / bitmap.width) * THUMB_WIDTH * density);
  canvas.style.width = `${THUMB_WIDTH}px`;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas;
}

/** Starts painting `item`'s pages unless this version of it is painted or being painted. */
function paint(item: DraftItemView): void {
  const key = `${item.item_id}:${item.short_hash}`;
  if (held?.key === key) return;
  dropThumbnails();
  const mine = { key, canvases: new Map<number, HTMLCanvasElement>(), failed: false };
  held = mine;
  const keep = (page: number, canvas: HTMLCanvasElement): boolean => {
    if (held !== mine) {
      canvas.width = 0;
      return false;
    }
    mine.canvases.set(page, canvas);
    attach(page, canvas);
    return true;
  };
  void (async () => {
    const bytes = await call('intake_item', { itemId: item.item_id });
    if (held !== mine) return;
    if (item.media_type === 'application/pdf') {
      const { paintThumbnails } = await import('./pdf-viewer');
      await paintThumbnails(bytes, THUMB_WIDTH, keep);
    } else if (item.media_type === 'image/jpeg' || item.media_type === 'image/png') {
      keep(1, await imageCanvas(bytes, item.media_type));
    }
  })().catch(() => {
    if (held !== mine) return;
    mine.failed = true;
    if (flow.step?.screen === 'intake-pages') refuse('thumbnails_failed', 'intake-title');
  });
}

function thumb(item: DraftItemView, page: number): HTMLElement {
  const label = t('intake.pages.page', { n: String(page), of: String(item.pages) });
  const canvas = held?.canvases.get(page);
  const figure = h(
    'li',
    { class: 'intake-thumb', 'data-page': String(page), 'data-painted': String(Boolean(canvas)) },
    h('figure', {}, h('div', { class: 'intake-thumb-frame', role: 'img', 'aria-label': label }, canvas ?? ''), h('figcaption', { id: `intake-thumb-${page}` }, label)),
  );
  if (item.rescannable) {
    figure.append(button(
      { class: 'button intake-rescan', 'data-rescan-page': String(page), 'aria-describedby': `intake-thumb-${page}` },
      t('intake.pages.rescan'),
      () => change(() => call('intake_rescan_page', { itemId: item.item_id, page })),
    ));
  }
  return figure;
}

/** A new photo in the place of `item`: taken first, so a failed one leaves the old photo as it was. */
function retake(item: DraftItemView): void {
  change(async () => {
    await call('intake_photo', {});
    return call('intake_remove_item', { itemId: item.item_id });
  }, () => {
    const newest = flow.draft?.items.at(-1);
    if (newest) go({ screen: 'intake-pages', itemId: newest.item_id });
  });
}

export function pagesScreen(step: PagesStep): HTMLElement {
  const item = flow.draft?.items.find((i) => i.item_id === step.itemId);
  const done = (): void => {
    dropThumbnails();
    go({ screen: 'intake-materials' });
  };
  if (!item) return frame('intake-pages', t('intake.pages.title'), [], [backButton(done)]);
  paint(item);
  // What cannot be painted here (a TIFF) has its pages counted instead.
  const paintable = ['application/pdf', 'image/jpeg', 'image/png'].includes(item.media_type);
  const pages = paintable ? Array.from({ length: item.pages }, (_, n) => thumb(item, n + 1)) : [];
  return frame('intake-pages', t('intake.pages.title'), [
    h('p', { class: 'queue-lead' }, t(item.rescannable ? 'intake.pages.lead_scan' : isPhoto(item) ? 'intake.pages.lead_photo' : 'intake.pages.lead', { pages: String(item.pages) })),
    paintable ? h('ul', { class: 'intake-thumbs', 'data-item-id': item.item_id }, ...pages) : h('p', { class: 'queue-card' }, t('intake.pages.not_shown', { pages: String(item.pages) })),
  ], [
    button({ class: 'button button-primary', id: 'intake-pages-done' }, t('intake.pages.done'), done),
    ...(isPhoto(item) ? [button({ class: 'button', id: 'intake-photo-again' }, t('intake.pages.photo_again'), () => retake(item))] : []),
  ]);
}
