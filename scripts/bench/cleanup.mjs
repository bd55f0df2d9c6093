// @ts-check
/**
 * Things to kill if the bench is interrupted (Ctrl-C). Handlers must be
 * synchronous: the process exits right after running them.
 */

/** @type {Set<() => void>} */
const handlers = new Set();

/**
 * @param {() => void} kill synchronous
 * @returns {() => void} unregisters it, once the thing has been stopped normally
 */
export function onInterrupt(kill) {
  handlers.add(kill);
  return () => handlers.delete(kill);
}

/** Runs every handler, newest first, ignoring their errors. */
export function killAllNow() {
  for (const kill of [...handlers].reverse()) {
    try {
      kill();
    } catch {
      // keep going: the others still need to die
    }
  }
  handlers.clear();
}
