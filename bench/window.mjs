// What the real-window benchmarks share: a summary of timings, and the floor of any tap that asks
// the Rust side.

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Count, median, 95th percentile and maximum of `values` (milliseconds). */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) };
}

/**
 * An async WebDriver script: one IPC round trip to a command that reads nothing (`terminal_info`)
 * followed by two frames, so the frame showing its answer has been painted.
 */
export const FLOOR = `
  const done = arguments[arguments.length - 1];
  const start = performance.now();
  window.__TAURI_INTERNALS__.invoke('terminal_info').then(() =>
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start))));`;
