import { describe, expect, it } from "vitest";
import { safeImageUrl, safeUrl } from "./safe-url";

describe("safeUrl", () => {
  it.each([
    ["https://example.com/a?b=1&c=2#d", "https://example.com/a?b=1&c=2#d"],
    ["http://example.com", "http://example.com"],
    ["HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"],
    ["mailto:desk@example.com", "mailto:desk@example.com"],
    ["tel:+963111234567", "tel:+963111234567"],
    ["/articles/damascus", "/articles/damascus"],
    ["#section-2", "#section-2"],
    ["?page=2", "?page=2"],
    ["other-article", "other-article"],
    ["../up/one", "../up/one"],
    ["/search?q=a:b", "/search?q=a:b"],
    ["  https://example.com  ", "https://example.com"],
    ["https://exa\nmple.com", "https://example.com"],
    ["/مقالات/دمشق", "/مقالات/دمشق"],
  ])("allows %j", (raw, expected) => {
    expect(safeUrl(raw)).toBe(expected);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\u0001javascript:alert(1)",
    "\u0000javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\u200bscript:alert(1)",
    "javascript :alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "ftp://example.com",
    "//evil.com",
    "\\\\evil.com",
    "/\\evil.com",
    "\\/evil.com",
    " //evil.com",
    "",
    "   ",
  ])("drops %j", (raw) => {
    expect(safeUrl(raw)).toBeUndefined();
  });

  it("is idempotent, so the renderer can check again", () => {
    for (const raw of ["https://example.com", " /a ", "#x", "mailto:a@b.c", "rel/path"]) {
      const once = safeUrl(raw);
      expect(once).toBeDefined();
      expect(safeUrl(once ?? "")).toBe(once);
    }
  });
});

describe("safeImageUrl", () => {
  it.each([
    ["https://cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg"],
    ["http://cdn.example.com/a.jpg", "http://cdn.example.com/a.jpg"],
    ["/images/a.webp", "/images/a.webp"],
  ])("allows %j", (raw, expected) => {
    expect(safeImageUrl(raw)).toBe(expected);
  });

  it.each([
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "mailto:a@b.c",
    "tel:123",
    "//evil.com/a.png",
    "relative/a.png",
    "#x",
    "",
  ])("drops %j", (raw) => {
    expect(safeImageUrl(raw)).toBeUndefined();
  });
});
