// The screen shown when the terminal cannot start: what happened and what to do, in both languages.
import type { ErrorCode } from './bindings';
import { h, pictogram } from './dom';
import { getLocale, otherLocale, tIn } from './i18n';
import { ALERT, EMBLEM } from './icons';
import { errorKey } from './remember';
import { fill, setTitle, type Frame } from './shell';

/**
 * The start may fail before the terminal's language is known, and whoever stands in front of
 * the screen may read either language, so the other language follows as a second block.
 */
export function showError(f: Frame, code: ErrorCode, retry: () => void): void {
  const primary = getLocale();
  const secondary = otherLocale(primary);
  setTitle('title.error');

  const retryButton = h(
    'button',
    { type: 'button', class: 'button button-primary error-retry' },
    tIn(primary, 'error.retry'),
    ' ',
    h('span', { class: 'error-retry-second', lang: secondary }, tIn(secondary, 'error.retry')),
  );
  retryButton.addEventListener('click', retry);

  fill(
    f,
    [
      h(
        'div',
        { class: 'brand' },
        pictogram(EMBLEM, 'icon brand-icon'),
        h('span', { class: 'brand-name' }, tIn(primary, 'app.product')),
      ),
    ],
    [
      h(
        'section',
        { class: 'error-card', 'aria-labelledby': 'error-title' },
        pictogram(ALERT, 'icon error-icon'),
        h('h1', { id: 'error-title', class: 'error-title' }, tIn(primary, 'error.title')),
        h('p', { class: 'error-text' }, tIn(primary, errorKey(code))),
        h(
          'div',
          { class: 'error-second', lang: secondary },
          h('p', { class: 'error-second-title' }, tIn(secondary, 'error.title')),
          h('p', { class: 'error-second-text' }, tIn(secondary, errorKey(code))),
        ),
        retryButton,
      ),
    ],
    [],
  );
  f.main.dataset.ready = 'error';
  f.main.dataset.errorCode = code;
  retryButton.focus();
}
