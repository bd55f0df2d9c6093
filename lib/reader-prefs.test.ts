import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOOT_SCRIPT, THEME_PAPER } from "./reader-prefs";

const css = readFileSync(path.resolve(import.meta.dirname, "../app/globals.css"), "utf8");

/** --color-paper as app/globals.css sets it for a chosen theme (light is the @theme default). */
function paperOf(theme: "light" | "dark" | "sepia"): string | undefined {
  const block = theme === "light" ? /@theme \{([^}]*)\}/.exec(css) : new RegExp(`:root\\[data-theme="${theme}"\\] \\{([^}]*)\\}`).exec(css);
  return /--color-paper:\s*(#[0-9a-f]{6})/i.exec(block?.[1] ?? "")?.[1];
}

describe("THEME_PAPER", () => {
  it.each(["light", "dark", "sepia"] as const)("%s is the paper colour the stylesheet paints", (theme) => {
    expect(THEME_PAPER[theme]).toBe(paperOf(theme));
  });

  it("reaches the boot script, which needs nothing from its module", () => {
    expect(BOOT_SCRIPT).toContain(JSON.stringify(THEME_PAPER));
    expect(BOOT_SCRIPT).toMatch(/^\(function/);
  });
});
