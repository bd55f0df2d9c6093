import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

interface Handler {
  get(key: string, ctx?: { softTags?: string[] }): Promise<{ value: unknown } | null>;
  set(key: string, data: unknown, ctx?: { tags?: string[] }): Promise<void>;
}

let handler: Handler;
beforeAll(() => {
  // No store in this DATA_DIR: every entry carries the same "no store" mark, so only eviction removes one.
  vi.stubEnv("DATA_DIR", mkdtempSync(path.join(os.tmpdir(), "cache-handler-test-")));
  const Handler = createRequire(import.meta.url)("./cache-handler.cjs") as new () => Handler;
  handler = new Handler();
});
afterAll(() => vi.unstubAllEnvs());

const page = (status: number | undefined, html: string) => ({ kind: "APP_PAGE", html, rscData: undefined, headers: {}, status });

describe("the rendered-page cache", () => {
  it("keeps rendered pages and serves them back", async () => {
    await handler.set("/articles/kept", page(200, "<p>kept</p>"));
    await handler.set("/", page(undefined, "<p>home</p>"));
    expect((await handler.get("/articles/kept"))?.value).toMatchObject({ html: "<p>kept</p>" });
    expect((await handler.get("/"))?.value).toMatchObject({ html: "<p>home</p>" });
  });

  it("never keeps a 404, so unknown slugs neither grow it nor push real pages out", async () => {
    await handler.set("/articles/real", page(200, "<p>real</p>"));
    for (let n = 0; n < 2500; n++) await handler.set(`/articles/unknown-${n}`, page(404, "<p>not found</p>"));
    expect(await handler.get("/articles/unknown-0")).toBeNull();
    expect(await handler.get("/articles/unknown-2499")).toBeNull();
    expect((await handler.get("/articles/real"))?.value).toMatchObject({ html: "<p>real</p>" });
  });

  it("drops what it held when the same key renders as an error", async () => {
    await handler.set("/articles/later-gone", page(200, "<p>here</p>"));
    await handler.set("/articles/later-gone", page(404, "<p>not found</p>"));
    expect(await handler.get("/articles/later-gone")).toBeNull();
  });
});
