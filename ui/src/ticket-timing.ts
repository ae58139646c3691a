// The kiosk's own record of how long a ticket takes to appear: a mark at the tap that asks for it,
// a mark once the ticket screen has been painted, and the measure between them, which the
// tap-to-ticket benchmark reads with performance.getEntriesByName('tap-to-ticket').

export const TAP = 'ticket-tap';
export const PAINTED = 'ticket-painted';
export const MEASURE = 'tap-to-ticket';
/** How many of each entry are kept; a kiosk issues tickets all day and must not grow without end. */
export const KEPT = 200;

/** Called first thing in the handler of the tap that takes a ticket (or checks one in). */
export function markTap(): void {
  performance.mark(TAP);
}

/**
 * Called once the ticket screen with its number is in the DOM. Two animation frames later the
 * frame that shows it has been painted; the measure ends there.
 */
export function markPaintedSoon(): void {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.mark(PAINTED);
    try {
      performance.measure(MEASURE, TAP, PAINTED);
    } catch {
      // No tap mark (entries cleared by someone else): there is nothing to measure from.
    }
    trim();
  }));
}

/**
 * The Performance API can only clear entries by name, all at once; to keep the newest KEPT of a
 * name, the old ones are cleared and the newest written back with their original times.
 */
function trim(): void {
  const marks = [TAP, PAINTED].map((name) => [name, performance.getEntriesByName(name, 'mark')] as const);
  for (const [name, entries] of marks) {
    if (entries.length <= KEPT) continue;
    performance.clearMarks(name);
    for (const entry of entries.slice(-KEPT)) performance.mark(name, { startTime: entry.startTime });
  }
  const measures = performance.getEntriesByName(MEASURE, 'measure');
  if (measures.length > KEPT) {
    performance.clearMeasures(MEASURE);
    for (const entry of measures.slice(-KEPT)) {
      performance.measure(MEASURE, { start: entry.startTime, duration: entry.duration });
    }
  }
}
