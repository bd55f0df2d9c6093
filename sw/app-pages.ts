/**
 * Pages whose content the browser builds from the library (they hold no
 * server data), so the worker precaches them whole and serves them offline.
 * scripts/build-sw.mjs reads this list too.
 */
export const APP_PAGES = ["/search", "/saved", "/settings"] as const;
