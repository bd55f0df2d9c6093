import { describe, expect, it } from "vitest";
import { appIcons, iconSrc, iconsFor } from "./app-icons";

describe("app icons", () => {
  it("lists the sizes the manifest, iPhones and notifications need", () => {
    expect(iconsFor("any").map((i) => i.size)).toEqual([192, 512]);
    expect(iconsFor("maskable").map((i) => i.size)).toEqual([192, 512]);
    expect(iconSrc("apple", 180)).toBe("/icons/apple-touch-icon.png");
    expect(iconSrc("badge", 96)).toBe("/icons/badge-96.png");
    expect(iconSrc("any", 192)).toBe("/icons/icon-192.png");
  });

  it("names every file once, as a PNG under /icons/", () => {
    const srcs = appIcons.map((i) => i.src);
    expect(new Set(srcs).size).toBe(srcs.length);
    for (const src of srcs) expect(src).toMatch(/^\/icons\/[a-z0-9-]+\.png$/);
  });

  it("throws for an icon nobody rendered", () => {
    expect(() => iconSrc("badge", 72)).toThrow(/no badge icon of 72 px/);
  });
});
