import { describe, expect, it } from "vitest";
import { HttpError, readJsonBody } from "./read-json";

const JSON_TYPE = { "Content-Type": "application/json" };

/** The error readJsonBody throws for this request, or undefined when it reads it. */
async function refusal(request: Request, limit = 1024): Promise<HttpError | undefined> {
  try {
    await readJsonBody(request, limit);
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe("readJsonBody", () => {
  it("reads a JSON body within the limit", async () => {
    const request = new Request("http://localhost/", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ title: "مقال تجريبي" }) });
    expect(await readJsonBody(request, 1024)).toEqual({ title: "مقال تجريبي" });
  });

  it("refuses bytes that are not UTF-8 with a 400 in Arabic, rather than storing U+FFFD in their place", async () => {
    const prefix = new TextEncoder().encode('{"title":"مقال تجريبي ');
    const body = new Uint8Array([...prefix, 0xd8, 0x22, 0x7d]);
    const error = await refusal(new Request("http://localhost/", { method: "POST", headers: JSON_TYPE, body }));
    expect(error?.status).toBe(400);
    expect(error?.message).toMatch(/\p{Script=Arabic}/u);
    expect(error?.message).toContain("UTF-8");
  });

  it("stops reading an endless body without a length once past the limit: 413, and the stream is cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(100).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request("http://localhost/", { method: "POST", headers: JSON_TYPE, body: endless, duplex: "half" } as RequestInit);
    const error = await refusal(request, 1000);
    expect(error?.status).toBe(413);
    expect(error?.message).toMatch(/\p{Script=Arabic}/u);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(20);
  });

  it("refuses a declared length past the limit before reading a byte", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const request = new Request("http://localhost/", {
      method: "POST",
      headers: { ...JSON_TYPE, "Content-Length": "5000" },
      body,
      duplex: "half",
    } as RequestInit);
    expect((await refusal(request, 1000))?.status).toBe(413);
    // The stream's first pull happens when it is made; nothing is asked of it after.
    expect(pulled).toBeLessThanOrEqual(1);
  });
});
