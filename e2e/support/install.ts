/** Helpers for the install tests: a Chromium profile on disk, a stand-in install event, and PNG sizes. */
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, BrowserContextOptions, Page } from "@playwright/test";
import { chromium } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./chromium";

/**
 * A phone-sized Chromium with its own profile on disk. Installing needs one:
 * in an off-the-record context Chromium reports "in-incognito" and never offers to install.
 */
export async function launchProfile(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "news-profile-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    viewport: { width: 390, height: 844 },
    locale: "ar",
    timezoneId: "Asia/Damascus",
    ...options,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close();
    // Chromium's helper processes may still be writing as they exit.
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  };
  return { context, page, close };
}

/** Waits until the service worker controls the page (and so the page's script has run). */
export async function waitForController(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
}

/**
 * Fires a stand-in for Chromium's `beforeinstallprompt`, whose prompt() counts
 * its calls in `window.installPromptCalls` and whose dialog answers `outcome`.
 */
export async function fireInstallPrompt(page: Page, outcome: "accepted" | "dismissed" = "accepted"): Promise<void> {
  await page.evaluate((outcome) => {
    const w = window as unknown as { installPromptCalls?: number };
    w.installPromptCalls ??= 0;
    const event = Object.assign(new Event("beforeinstallprompt", { cancelable: true }), {
      prompt: () => {
        w.installPromptCalls = (w.installPromptCalls ?? 0) + 1;
        return Promise.resolve();
      },
      userChoice: Promise.resolve({ outcome, platform: "web" }),
    });
    window.dispatchEvent(event);
  }, outcome);
}

/** How many times the page called prompt() on a stand-in event. */
export async function installPromptCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { installPromptCalls?: number }).installPromptCalls ?? 0);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString("ascii", 12, 16) !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
