// The waiting-hall wall screen: the numbers being called, read from 10 m away. Nobody touches a
// display, so it has no controls and shows no terminal id; the hall holds both audiences, so every
// text is Chinese first with its English beside it (queue-display.ts), whatever the terminal's
// language, which sets only the page's language for screen readers and the title.
import type { TerminalInfo } from './bindings';
import { clock } from './clock';
import { h } from './dom';
import { t } from './i18n';
import { both, hallBoard, startHallBoard } from './queue-display';
import { fill, setTitle, type Frame } from './shell';

function render(f: Frame): void {
  setTitle('title.display');
  fill(
    f,
    [h('h1', { class: 'display-heading' }, both('display-heading-text', 'display.heading')), clock(t('display.clock'))],
    [
      h(
        'section',
        { class: 'calls', 'aria-labelledby': 'calls-title' },
        ...hallBoard(),
      ),
    ],
    [],
  );
}

export function startDisplay(_info: TerminalInfo, f: Frame): Promise<void> {
  render(f);
  return startHallBoard();
}
