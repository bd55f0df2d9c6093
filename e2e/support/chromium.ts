import { existsSync } from "node:fs";

/** Debian's Chromium unless CHROMIUM_PATH says otherwise; undefined lets Playwright use its own browser. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return fromEnv;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

export const chromiumArgs = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
