// The polite "not at this kiosk yet" message, as a modal dialog that returns focus when closed.
import type { Service } from './bindings';
import { byId, h, pictogram } from './dom';
import { t } from './i18n';
import { INFO } from './icons';

let openPanel: { dialog: HTMLDialogElement; opener: HTMLElement } | null = null;

export function closePanel(): void {
  if (!openPanel) return;
  const { dialog, opener } = openPanel;
  openPanel = null;
  if (dialog.open) dialog.close();
  dialog.remove();
  opener.focus();
}

export function showNotYetPanel(service: Service, opener: HTMLElement): void {
  closePanel();
  const ok = h('button', { type: 'button', class: 'button button-primary panel-ok' }, t('kiosk.panel.ok'));
  const dialog = h(
    'dialog',
    { class: 'panel', 'aria-labelledby': 'panel-title', 'aria-describedby': 'panel-body panel-next' },
    // The dialog element itself is only the tap-to-close margin; the card holds the content.
    h(
      'div',
      { class: 'panel-card' },
      h('span', { class: 'panel-icon' }, pictogram(INFO)),
      h('h2', { class: 'panel-title', id: 'panel-title' }, t('kiosk.panel.title')),
      h('p', { class: 'panel-body', id: 'panel-body' }, t('kiosk.panel.body', { service: t(`service.${service}.title`) })),
      h('p', { class: 'panel-next', id: 'panel-next' }, t('kiosk.panel.next')),
      ok,
    ),
  );
  ok.addEventListener('click', closePanel);
  // Escape and taps outside the card close it too: every way out should work.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    closePanel();
  });
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) closePanel();
  });
  byId('app').append(dialog);
  openPanel = { dialog, opener };
  dialog.showModal();
  ok.focus();
}
