// Start-up: ask Rust which terminal this is, then show that mode's home screen.
import './styles/base.css';
import './styles/controls.css';
import './styles/error.css';
import './styles/kiosk.css';
import './styles/kiosk-compact.css';
import './styles/kiosk-panel.css';
import './styles/kiosk-queue.css';
import './styles/kiosk-check-in.css';
import './styles/kiosk-identity.css';
import './styles/staff.css';
import './styles/desk.css';
import './styles/desk-setup.css';
import './styles/display.css';
import './styles/hall-board.css';
import type { ApiError, Mode, TerminalInfo } from './bindings';
import { startDisplay } from './display';
import { showError } from './error-screen';
import { h } from './dom';
import { isLocale, setLocale, t } from './i18n';
import { call, toApiError } from './ipc';
import { startKiosk } from './kiosk';
import { fill, frame, markReady, setTitle, type Frame } from './shell';
import { setSiteOffset } from './site-time';
import { startStaff } from './staff';

type Start = (info: TerminalInfo, f: Frame) => Promise<void>;
const STARTS: Readonly<Record<Mode, Start>> = { kiosk: startKiosk, staff: startStaff, display: startDisplay };

function showLoading(f: Frame): void {
  setTitle('app.product');
  fill(f, [], [h('p', { class: 'loading', role: 'status' }, t('loading'))], []);
}

async function start(): Promise<void> {
  const f = frame();
  delete f.main.dataset.errorCode;
  f.main.dataset.ready = 'false';
  showLoading(f);
  try {
    const info = await call('terminal_info', {});
    const begin = Object.hasOwn(STARTS, info.mode) ? STARTS[info.mode] : undefined;
    if (!begin || !isLocale(info.locale)) throw { code: 'internal', message: 'bad terminal_info' } satisfies ApiError;
    setLocale(info.locale);
    setSiteOffset(info.site_utc_offset_minutes);
    f.main.dataset.mode = info.mode;
    document.documentElement.dataset.mode = info.mode;
    await begin(info, f);
    markReady(f.main);
  } catch (reason) {
    showError(f, toApiError(reason).code, () => void start());
  }
}

void start();
