// The staff work screen at a service window: top bar, the calling panel, the review panel, the coming work panels, status bar.
import type { Locale, TerminalInfo } from './bindings';
import { h, pictogram } from './dom';
import { t } from './i18n';
import { CLOCK, EMBLEM, STAFF_ICONS } from './icons';
import { rememberLocale } from './remember';
import { fill, langSwitch, noticeRegion, setTitle, switchLocale, terminalTag, versionTag, type Frame } from './shell';
import { deliveriesPanel, resetDeliveries } from './desk-delivery';
import { resetReview, reviewPanel } from './desk-intake';
import { deskPanel, onSignInRequired, resetDesk, startDesk } from './queue-desk';
import { focusSignIn, sessionEnded, signInForm, signedIn, signedOutReason, staffUser, startSession } from './staff-sign-in';
import { startSyncPolling, syncIndicator } from './sync-status';

type Work = Exclude<keyof typeof STAFF_ICONS, 'calling'>;
// Calling and review have their own panels; these are still to come.
const WORK: readonly Work[] = ['handover'];

function workPanel(work: Work): HTMLElement {
  const titleId = `work-${work}-title`;
  return h(
    'section',
    { class: 'work-panel', 'data-work': work, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'work-head' },
      h('span', { class: 'work-icon' }, pictogram(STAFF_ICONS[work])),
      h('h2', { class: 'work-title', id: titleId }, t(`staff.${work}.title`)),
      h('span', { class: 'work-badge' }, t('staff.badge')),
    ),
    h('p', { class: 'work-desc' }, t(`staff.${work}.desc`)),
    h(
      'div',
      { class: 'work-empty' },
      pictogram(CLOCK, 'icon work-empty-icon'),
      h('p', { class: 'work-empty-text' }, t('staff.not_yet')),
      h('p', { class: 'work-empty-next' }, t('staff.not_yet_next')),
    ),
  );
}

function render(info: TerminalInfo, f: Frame): void {
  setTitle('title.staff');
  const onSwitch = (next: Locale): void => {
    switchLocale(next, () => render(info, f));
    void rememberLocale(next);
  };
  const who = signedIn();
  fill(
    f,
    [
      h(
        'div',
        { class: 'brand' },
        pictogram(EMBLEM, 'icon brand-icon'),
        h('span', { class: 'brand-name' }, t('app.product')),
        h('span', { class: 'brand-center' }, t('app.center')),
      ),
      h('h1', { class: 'staff-heading' }, t('staff.heading')),
      who && staffUser(who),
      langSwitch(onSwitch),
    ].filter((node) => node !== null),
    who
      ? [
        deskPanel(),
        deliveriesPanel(),
        reviewPanel(),
        h('p', { class: 'staff-intro' }, t('desk.intake.later_intro')),
        h('div', { class: 'work-grid' }, ...WORK.map(workPanel)),
      ]
      : [signInForm()],
    [terminalTag(info.terminal_id), versionTag(info.version), syncIndicator(), noticeRegion()],
  );
}

function resetWork(): void {
  resetDesk();
  resetDeliveries();
  resetReview();
}

export async function startStaff(info: TerminalInfo, f: Frame): Promise<void> {
  let wasSignedIn = false;
  // A clerk signed out by the server (session over, a restart) finds their work as they left it
  // when they sign in again: it waits, hidden behind the sign-in screen, for them alone. Any other
  // way out (by hand, the desk's own idle limit) clears it, as does another clerk signing in.
  let lastClerk: string | null = null;
  let keptFor: string | null = null;
  const changed = (): void => {
    const who = signedIn();
    if (!who) {
      if (signedOutReason() === 'expired' && lastClerk) {
        keptFor = lastClerk;
      } else {
        keptFor = null;
        resetWork();
      }
    } else if (keptFor !== null) {
      if (keptFor !== who.username) resetWork();
      keptFor = null;
    }
    lastClerk = who?.username ?? null;
    render(info, f);
    if (who && !wasSignedIn) void startDesk();
    if (!who) focusSignIn();
    wasSignedIn = Boolean(who);
  };
  onSignInRequired(sessionEnded);
  const who = await startSession(changed);
  wasSignedIn = Boolean(who);
  lastClerk = who?.username ?? null;
  render(info, f);
  await Promise.all([startSyncPolling(), who ? startDesk() : Promise.resolve()]);
}
