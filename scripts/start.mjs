#!/usr/bin/env node
// `npm start`: builds when there is no build (or the sources are newer than it),
// then serves the production build on PORT (default 3000) with data in DATA_DIR.
// A server installed without devDependencies (`npm ci --omit=dev`) cannot
// build: it serves the build it was given, and says to build first when there
// is none.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "assets", "components", "lib", "client", "sw", "content", "public", "next.config.js", "package-lock.json"];
// Build outputs that live in public/: newer than BUILD_ID by construction, so they must not count.
const generated = new Set(["sw.js", "sw.js.map", "offline-page.js", "page.js", "search.js", "search-worker.js", "saved.js", "settings.js", "icons"].map((name) => path.join(root, "public", name)));

function newestMtime(target) {
  if (!existsSync(target) || generated.has(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function needsBuild() {
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

/** The build's tools are devDependencies: without them (`npm ci --omit=dev`) there is no building here. */
function canBuild() {
  return ["typescript", "esbuild", "workbox-build", "@tailwindcss/postcss", "subset-font"].every((name) => existsSync(path.join(root, "node_modules", name)));
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

if (process.env.SKIP_BUILD !== "1" && needsBuild() && !canBuild()) {
  if (!existsSync(buildId)) {
    console.error("لا يوجد بناء للموقع، ولا أدوات بناء هنا (ثُبّتت الحزم دون devDependencies): شغّل npm run build أولًا حيث تُثبَّت كلها (npm install)، ثم انسخ المجلد .next إلى هنا.");
    process.exit(1);
  }
  console.warn("> المصادر أحدث من البناء ولا أدوات بناء هنا (دون devDependencies): يُخدَّم البناء الموجود.");
} else if (process.env.SKIP_BUILD !== "1" && needsBuild()) {
  console.log("> لا يوجد بناء حديث: جارٍ البناء (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const port = process.env.PORT || "3000";
const server = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", port], {
  cwd: root,
  stdio: "inherit",
  // glibc gives each of sharp's threads its own malloc arena, which it never returns: two keep
  // the server's memory flat across bursts of uploads (measured: 496 MB peak for 20 at once, else ~300).
  env: { MALLOC_ARENA_MAX: "2", ...env },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
