#!/usr/bin/env node
// `npm run publish` and `npm run worker`: from the TypeScript source through
// tsx where the devDependencies are installed (a checkout: always the current
// code), else the bundle `npm run build` made in .next/cli/ (a server
// installed with `npm ci --omit=dev`).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const [name, ...args] = process.argv.slice(2);
if (name !== "publish" && name !== "worker") {
  console.error("الاستخدام: node scripts/cli.mjs publish|worker …");
  process.exit(2);
}

const tsx = path.join(root, "node_modules", ".bin", "tsx");
const bundle = path.join(root, ".next", "cli", `${name}.mjs`);

if (existsSync(tsx)) {
  const child = spawn(tsx, [path.join(root, "scripts", `${name}.ts`), ...args], { stdio: "inherit" });
  // The worker stops cleanly on these; tsx passes them on to it.
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else if (existsSync(bundle)) {
  process.argv = [process.argv[0], bundle, ...args];
  await import(pathToFileURL(bundle).href);
} else {
  console.error(`لا يوجد بناء لـ npm run ${name} (${path.relative(root, bundle)}): شغّل npm run build في نسخة فيها devDependencies (npm install) ثم انسخ البناء، أو npm install هنا.`);
  process.exit(1);
}
