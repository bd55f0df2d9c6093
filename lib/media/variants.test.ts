import { describe, expect, it } from "vitest";
import { columnPixels, fallbackWidth, parseMediaPath, shareWidth, srcset, storedWidth, variantWidths } from "./variants";

const ID = "0123456789abcdef0123456789abcdef";

describe("variant widths", () => {
  it.each([
    [4000, [320, 640, 960, 1120, 1280, 1600]],
    [1600, [320, 640, 960, 1120, 1280, 1600]],
    [1200, [320, 640, 960, 1120, 1200]],
    [960, [320, 640, 960]],
    [321, [320, 321]],
    [320, [320]],
    [200, [200]],
    [1, [1]],
    [0, []],
    [12.5, []],
  ])("an upload %i px wide is served at %j, never upscaled", (width, widths) => {
    expect(variantWidths(width)).toEqual(widths);
  });

  it("lists every format's variants in srcset and falls back to a JPEG near 960 px", () => {
    expect(srcset(ID, 1200, "avif")).toBe(
      `/media/${ID}/320.avif 320w, /media/${ID}/640.avif 640w, /media/${ID}/960.avif 960w, /media/${ID}/1120.avif 1120w, /media/${ID}/1200.avif 1200w`,
    );
    expect(fallbackWidth(4000)).toBe(960);
    expect(fallbackWidth(1000)).toBe(960);
    expect(fallbackWidth(500)).toBe(500);
    expect(fallbackWidth(200)).toBe(200);
    expect(shareWidth(4000)).toBe(1600);
    expect(shareWidth(1000)).toBe(1000);
  });

  it("reads media paths and nothing else", () => {
    expect(parseMediaPath(`/media/${ID}`)).toEqual({ id: ID });
    expect(parseMediaPath(`/media/${ID}/640.webp`)).toEqual({ id: ID, width: 640, format: "webp" });
    for (const bad of [`/media/${ID}/`, `/media/${ID.toUpperCase()}`, `/media/${ID}/640.gif`, `/media/${ID}/../x`, "/media/x", `https://x/media/${ID}`]) {
      expect(parseMediaPath(bad)).toBeUndefined();
    }
  });
});

describe("the variant a phone keeps", () => {
  it("covers the article column at the screen's density with the narrowest variant that does", () => {
    // 390 px phone at DPR 3: a 358 px column is 1074 device pixels, so 1120.
    expect(columnPixels({ width: 390, devicePixelRatio: 3 })).toBe(1074);
    expect(storedWidth(4000, { width: 390, devicePixelRatio: 3 })).toBe(1120);
    expect(storedWidth(4000, { width: 412, devicePixelRatio: 3.5 })).toBe(1280);
    expect(storedWidth(4000, { width: 390, devicePixelRatio: 2.625 })).toBe(960);
    expect(storedWidth(4000, { width: 360, devicePixelRatio: 1 })).toBe(640);
    // Wide screens stop at the column, high densities at 3.
    expect(storedWidth(4000, { width: 1920, devicePixelRatio: 2 })).toBe(1600);
    expect(storedWidth(4000, { width: 390, devicePixelRatio: 5 })).toBe(1120);
    // A small upload is kept whole.
    expect(storedWidth(700, { width: 390, devicePixelRatio: 3 })).toBe(700);
  });

  it("never keeps more than about 1.5 times the pixels across the screen needs, for phones 320–480 px at DPR 1–3", () => {
    for (let width = 320; width <= 480; width += 10) {
      for (const dpr of [1, 1.5, 2, 2.625, 3]) {
        const screen = { width, devicePixelRatio: dpr };
        const kept = storedWidth(4000, screen);
        expect(kept).toBeGreaterThanOrEqual(Math.min(columnPixels(screen), 1600));
        // Bytes grow with area: widths within 1.5× keep area within 2.25×; ladder steps keep it under.
        expect(kept / columnPixels(screen)).toBeLessThanOrEqual(2);
      }
    }
    expect(storedWidth(4000, { width: 390, devicePixelRatio: 3 }) / columnPixels({ width: 390, devicePixelRatio: 3 })).toBeLessThan(1.5);
  });
});
