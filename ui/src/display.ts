// The waiting-hall wall screen: the numbers being called, read from across the room. The frame
// follows the chosen language; the board itself (queue-display.ts) always shows both.
import type { Locale, TerminalInfo } from './bindings';
import { clock } from './clock';
import { h } from './dom';
import { getLocale, t } from './i18n';
import { hallBoard, startHallBoard } from './queue-display';
import { rememberLocale } from './remember';
import { fill, langSwitch, noticeRegion, setTitle, switchLocale, terminalTag, type Frame } from './shell';

function render(info: TerminalInfo, f: Frame): void {
  setTitle('title.display');
  const onSwitch = (next: Locale): void => {
    switchLocale(next, () => render(info, f));
    void rememberLocale(next);
  };
  fill(
    f,
    [h('h1', { class: 'display-heading' }, t('display.heading')), clock(getLocale(), t('display.clock'))],
    [
      h(
        'section',
        { class: 'calls', 'aria-labelledby': 'calls-title' },
        h('h2', { class: 'calls-title', id: 'calls-title' }, t('display.calls')),
        ...hallBoard(),
        h('p', { class: 'calls-hint' }, t('display.hint')),
      ),
    ],
    [terminalTag(info.terminal_id), noticeRegion(), langSwitch(onSwitch)],
  );
}

export function startDisplay(info: TerminalInfo, f: Frame): Promise<void> {
  render(info, f);
  return startHallBoard();
}
