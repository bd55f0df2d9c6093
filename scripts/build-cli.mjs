#!/usr/bin/env node
// Bundles the command-line entry points (npm run publish, npm run worker) into
// .next/cli/ during `npm run build`, so a server installed with
// `npm ci --omit=dev` runs them with plain Node: no tsx, no TypeScript. Our own
// code (the `@/` paths) goes into the bundle; packages stay imports, found in
// node_modules at run time, so only runtime dependencies are needed.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

await build({
  entryPoints: { publish: path.join(root, "scripts/publish.ts"), worker: path.join(root, "scripts/worker.ts") },
  outdir: path.join(root, ".next", "cli"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
});
