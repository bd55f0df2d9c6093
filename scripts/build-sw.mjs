#!/usr/bin/env node
// Builds the service worker after `next build`: Turbopack does not bundle it,
// so esbuild compiles sw/ (TypeScript, Workbox modules) and Workbox's
// injectManifest writes the precache list of the build's static files into
// public/sw.js. Also builds the small scripts of the offline pages and of the
// pages served without Next's runtime. Both outputs are
// generated and git-ignored. The app icons (rendered by render-icons.mjs) are
// precached too, so the installed app shows them offline.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { injectManifest } from "workbox-build";

const root = path.resolve(import.meta.dirname, "..");
// sw/app-pages.ts is the one list of pages precached whole; read it rather than repeat it.
const appPages = [...readFileSync(path.join(root, "sw/app-pages.ts"), "utf8").matchAll(/"(\/[a-z-]+)"/g)].map((m) => m[1]);
const nextDir = path.join(root, ".next");
const buildId = readFileSync(path.join(nextDir, "BUILD_ID"), "utf8").trim();
const tmp = path.join(nextDir, "sw-build");
mkdirSync(tmp, { recursive: true });

// lib/site.ts reads these at run time on the server; the worker gets their build-time values.
const siteEnv = ["SITE_NAME", "SITE_SHORT_NAME", "SITE_TIME_ZONE", "URGENT_HOURS", "NODE_ENV"];
const define = Object.fromEntries(
  siteEnv.map((name) => [`process.env.${name}`, JSON.stringify(name === "NODE_ENV" ? "production" : (process.env[name] ?? ""))]),
);

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: "es2022",
  format: "iife",
  legalComments: "none",
  define,
  logLevel: "warning",
};

await build({ ...common, entryPoints: [path.join(root, "sw/index.ts")], outfile: path.join(tmp, "sw.js"), tsconfig: path.join(root, "sw/tsconfig.json") });
await build({ ...common, entryPoints: [path.join(root, "client/offline-page.ts")], outfile: path.join(root, "public/offline-page.js") });
// Article pages are served without Next's runtime (proxy.ts); this wires their features.
await build({ ...common, entryPoints: [path.join(root, "client/page.ts")], outfile: path.join(root, "public/page.js") });
// The search page's own script, and its index worker (a classic worker: one file, no chunks to find).
await build({ ...common, entryPoints: [path.join(root, "client/search-page.ts")], outfile: path.join(root, "public/search.js") });
await build({ ...common, entryPoints: [path.join(root, "client/search.worker.ts")], outfile: path.join(root, "public/search-worker.js") });
await build({ ...common, entryPoints: [path.join(root, "client/saved-page.ts")], outfile: path.join(root, "public/saved.js") });
await build({ ...common, entryPoints: [path.join(root, "client/settings-page.ts")], outfile: path.join(root, "public/settings.js") });

const contentRevision = (file) => createHash("sha256").update(readFileSync(path.join(root, "public", file))).digest("hex").slice(0, 16);
const { icons } = JSON.parse(readFileSync(path.join(root, "assets/icons.json"), "utf8"));
const { count, size, warnings } = await injectManifest({
  swSrc: path.join(tmp, "sw.js"),
  swDest: path.join(root, "public/sw.js"),
  globDirectory: nextDir,
  // Not Next's JavaScript: every page a reader gets, online or from the worker, goes without
  // Next's runtime (proxy.ts, lib/page-shell.ts), so a phone need not download it to install.
  globPatterns: ["static/**/*.{css,woff2}"],
  modifyURLPrefix: { "static/": "/_next/static/" },
  // Hashed file names already change with their content.
  dontCacheBustURLsMatching: /^\/_next\/static\//,
  additionalManifestEntries: [
    // Rendered by the server per build: their CSS, font and script links change with every build.
    { url: "/offline", revision: buildId },
    ...appPages.map((url) => ({ url, revision: buildId })),
    // The pages link it; precached so an installed app opened offline finds it too.
    { url: "/manifest.webmanifest", revision: buildId },
    { url: "/offline-page.js", revision: contentRevision("offline-page.js") },
    { url: "/page.js", revision: contentRevision("page.js") },
    { url: "/search.js", revision: contentRevision("search.js") },
    { url: "/search-worker.js", revision: contentRevision("search-worker.js") },
    { url: "/saved.js", revision: contentRevision("saved.js") },
    { url: "/settings.js", revision: contentRevision("settings.js") },
    ...icons.map(({ file }) => ({ url: `/icons/${file}`, revision: contentRevision(`icons/${file}`) })),
  ],
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
});
for (const warning of warnings) console.warn(`build-sw: ${warning}`);
console.log(`build-sw: public/sw.js precaches ${count} files (${(size / 1024).toFixed(0)} KB) for build ${buildId}`);
