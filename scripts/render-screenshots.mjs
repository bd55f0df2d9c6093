#!/usr/bin/env node
// Takes the manifest's two screenshots (Android's richer install sheet shows
// them) from the real app: the seed article on a phone (390×844, narrow) and
// on a wide screen (1280×800). Run by hand after a visible change, with a
// build present (`npm run build`), and commit public/screenshots/: they are
// content, not build output, and taking them needs a browser the build should
// not depend on.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "public/screenshots");
const SEED_PATH = "/articles/khitam-ahd-al-nizam-al-bayed";
const shots = [
  { file: "narrow.png", width: 390, height: 844, isMobile: true },
  { file: "wide.png", width: 1280, height: 800, isMobile: false },
];

if (!existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("render-screenshots: no build; run `npm run build` first");
  process.exit(1);
}

const port = await new Promise((resolve) => {
  const srv = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, ["scripts/start.mjs"], {
  cwd: root,
  detached: true,
  stdio: "ignore",
  env: { ...process.env, SKIP_BUILD: "1", PORT: String(port), DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "screenshots-")), NEXT_TELEMETRY_DISABLED: "1" },
});
const base = `http://localhost:${port}`;

try {
  for (let tries = 0; ; tries++) {
    const up = await fetch(base).then((r) => r.ok, () => false);
    if (up) break;
    if (tries > 240) throw new Error("render-screenshots: the server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  const executablePath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  mkdirSync(outDir, { recursive: true });
  for (const shot of shots) {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: shot.height },
      deviceScaleFactor: 1,
      isMobile: shot.isMobile,
      locale: "ar",
      timezoneId: "Asia/Damascus",
      colorScheme: "light",
      serviceWorkers: "block",
    });
    const page = await context.newPage();
    // The fonts use `display: optional`: the first visit caches them, the second shows them.
    await page.goto(`${base}${SEED_PATH}`);
    await page.evaluate(() => document.fonts.ready);
    await page.reload();
    await page.evaluate(() => document.fonts.ready);
    const png = await page.screenshot();
    const file = path.join(outDir, shot.file);
    // 64 colours keep text crisp and each file well under 100 KB.
    await sharp(png).png({ palette: true, colours: 64, compressionLevel: 9, effort: 10 }).toFile(file);
    console.log(`render-screenshots: public/screenshots/${shot.file} ${shot.width}×${shot.height} (${(statSync(file).size / 1024).toFixed(0)} KB)`);
    await context.close();
  }
  await browser.close();
} finally {
  try {
    process.kill(-server.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
