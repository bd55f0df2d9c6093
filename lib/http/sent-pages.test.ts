import { describe, expect, it } from "vitest";
import { matchesEtag, SentPages } from "./sent-pages";

const headers = () =>
  new Headers({ etag: '"abc"', "content-type": "text/html; charset=utf-8", date: "Mon, 30 Nov 2026 10:00:00 GMT", "x-nextjs-cache": "MISS" });

describe("SentPages", () => {
  it("answers a kept page while the store's sequence stays, and a 304 when the reader holds it", async () => {
    const pages = new SentPages(10, 15_000);
    pages.keep("/", 7, "<p>صفحة</p>", headers(), 1_000);
    const sent = pages.answer("/", 7, null, 2_000);
    expect(sent?.status).toBe(200);
    expect(await sent?.text()).toBe("<p>صفحة</p>");
    expect(sent?.headers.get("etag")).toBe('"abc"');
    // The server dates its own response, and Next's cache had no part in it.
    expect(sent?.headers.has("date")).toBe(false);
    expect(sent?.headers.has("x-nextjs-cache")).toBe(false);
    const again = pages.answer("/", 7, 'W/"abc"', 3_000);
    expect(again?.status).toBe(304);
    expect(await again?.text()).toBe("");
  });

  it("forgets a page once the store changed, once it is older than a shared cache may keep it, and for another URL", () => {
    const pages = new SentPages(10, 15_000);
    pages.keep("/", 7, "old", headers(), 1_000);
    expect(pages.answer("/?page=2", 7, null, 1_000)).toBeUndefined();
    expect(pages.answer("/", 8, null, 1_000)).toBeUndefined();
    // Dropped for good: the same sequence does not bring it back.
    expect(pages.answer("/", 7, null, 1_000)).toBeUndefined();
    pages.keep("/", 8, "new", headers(), 1_000);
    expect(pages.answer("/", 8, null, 16_000)?.status).toBe(200);
    expect(pages.answer("/", 8, null, 16_001)).toBeUndefined();
  });

  it("offers a page the store moved past for Next to confirm, and answers it again once renewed", async () => {
    const pages = new SentPages(10, 15_000);
    pages.keep("/articles/a", 7, "<p>مقال تجريبي</p>", headers(), 1_000);
    expect(pages.outdatedEtag("/articles/a", 1_000)).toBeUndefined();
    expect(pages.answer("/articles/a", 8, null, 2_000)).toBeUndefined();
    expect(pages.outdatedEtag("/articles/a", 2_000)).toBe('"abc"');
    // Not answered at its old sequence nor the new one until renewed.
    expect(pages.answer("/articles/a", 7, null, 2_000)).toBeUndefined();
    expect(pages.answer("/articles/a", 8, null, 2_000)).toBeUndefined();
    const renewed = pages.renew("/articles/a", 8, null, 20_000);
    expect(await renewed?.text()).toBe("<p>مقال تجريبي</p>");
    // Renewed for as long as a shared cache may keep it from now, and a reader holding it gets a 304.
    expect(pages.answer("/articles/a", 8, '"abc"', 34_000)?.status).toBe(304);
    expect(pages.outdatedEtag("/articles/a", 34_000)).toBeUndefined();
    expect(pages.renew("/articles/a", 9, null, 34_000)).toBeUndefined();
  });

  it("offers nothing to renew once too old or never kept", () => {
    const pages = new SentPages(10, 15_000);
    pages.keep("/", 7, "old", headers(), 1_000);
    expect(pages.answer("/", 8, null, 2_000)).toBeUndefined();
    expect(pages.outdatedEtag("/", 16_001)).toBeUndefined();
    expect(pages.outdatedEtag("/elsewhere", 2_000)).toBeUndefined();
    expect(pages.renew("/elsewhere", 8, null, 2_000)).toBeUndefined();
  });

  it("keeps at most its bound, the least recently asked for leaving first", () => {
    const pages = new SentPages(2, 15_000);
    pages.keep("/a", 1, "a", headers(), 0);
    pages.keep("/b", 1, "b", headers(), 0);
    expect(pages.answer("/a", 1, null, 0)).toBeDefined();
    pages.keep("/c", 1, "c", headers(), 0);
    expect(pages.answer("/b", 1, null, 0)).toBeUndefined();
    expect(pages.answer("/a", 1, null, 0)).toBeDefined();
    expect(pages.answer("/c", 1, null, 0)).toBeDefined();
  });
});

describe("matchesEtag", () => {
  it("compares weakly, in a list, and takes *", () => {
    expect(matchesEtag('"x", W/"abc"', '"abc"')).toBe(true);
    expect(matchesEtag("*", '"abc"')).toBe(true);
    expect(matchesEtag('"abcd"', '"abc"')).toBe(false);
    expect(matchesEtag(null, '"abc"')).toBe(false);
  });
});
