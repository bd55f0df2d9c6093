/**
 * User Timing measures of the worker's hot paths (sw:push, sw:notify,
 * sw:offline-answer), for DevTools and `npm run bench`. Diagnosis only: a
 * browser without User Timing in workers loses nothing.
 */
export function measure(name: string, start: number, detail?: unknown): void {
  try {
    performance.measure(name, { start, end: performance.now(), detail });
  } catch {
    // Not supported here.
  }
}
