// Keeps a public touch screen in its intended state: no context menu, no zooming, reset when idle.

function cancel(event: Event): void {
  event.preventDefault();
}

export function guardTouchScreen(): void {
  document.addEventListener('contextmenu', cancel);
  // Long-press selection and drag-out of text or images only confuse a touch user.
  document.addEventListener('selectstart', cancel);
  document.addEventListener('dragstart', cancel);
  // WebKit's pinch gesture events; Chromium and touchpads zoom through ctrl+wheel instead.
  document.addEventListener('gesturestart', cancel);
  document.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey) event.preventDefault();
    },
    { passive: false },
  );
  document.addEventListener(
    'touchmove',
    (event) => {
      if (event.touches.length > 1) event.preventDefault();
    },
    { passive: false },
  );
}

/** Calls `onTimeout` after `ms` without any touch, click or key press; the clock restarts each time. */
export function onIdle(ms: number, onTimeout: () => void): () => void {
  let timer = window.setTimeout(onTimeout, ms);
  const restart = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(onTimeout, ms);
  };
  for (const type of ['pointerdown', 'keydown', 'wheel'] as const) {
    document.addEventListener(type, restart, { capture: true, passive: true });
  }
  return restart;
}
