import { describe, expect, it } from "vitest";
import { dismissedRecently, isIosSafari } from "./install-prompt";

const UA = {
  iphoneSafari: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  ipadDesktopSafari: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  iphoneChrome: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  iphoneFirefox: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15",
  iphoneFacebook: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.41.103]",
  androidChrome: "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
};

describe("isIosSafari", () => {
  it("knows Safari on an iPhone, and on an iPad asking for the desktop site", () => {
    expect(isIosSafari(UA.iphoneSafari, 5)).toBe(true);
    expect(isIosSafari(UA.ipadDesktopSafari, 5)).toBe(true);
  });

  it("leaves out Safari on a Mac, other iOS browsers, in-app browsers and Android", () => {
    expect(isIosSafari(UA.ipadDesktopSafari, 0)).toBe(false);
    expect(isIosSafari(UA.iphoneChrome, 5)).toBe(false);
    expect(isIosSafari(UA.iphoneFirefox, 5)).toBe(false);
    expect(isIosSafari(UA.iphoneFacebook, 5)).toBe(false);
    expect(isIosSafari(UA.androidChrome, 5)).toBe(false);
  });
});

describe("dismissedRecently", () => {
  const day = 24 * 60 * 60 * 1000;
  const now = Date.UTC(2025, 0, 31);

  it("keeps quiet for 30 days after «ليس الآن»", () => {
    expect(dismissedRecently(String(now - day), now)).toBe(true);
    expect(dismissedRecently(String(now - 29 * day), now)).toBe(true);
    expect(dismissedRecently(String(now - 30 * day), now)).toBe(false);
  });

  it("offers again when nothing, or nothing readable, was stored, or the clock went back", () => {
    expect(dismissedRecently(null, now)).toBe(false);
    expect(dismissedRecently("yes", now)).toBe(false);
    expect(dismissedRecently(String(now + day), now)).toBe(false);
  });
});
