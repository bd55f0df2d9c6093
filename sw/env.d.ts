// lib/site.ts reads a few SITE_* variables; the worker build (scripts/build-sw.mjs)
// replaces each `process.env.X` with its value at build time.
declare const process: { env: Record<string, string | undefined> };
