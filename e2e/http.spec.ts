import { expect, test } from "./support/fixtures";
import { PUBLISH_TOKEN } from "./support/server";

test("a path that is no slug answers 404 in Arabic, and a malformed API id 400, never a stack trace", async ({ server }) => {
  for (const path of ["/articles/%25", "/articles/%E0%A4%A", "/articles/a%2Fb", "/articles/Capital-Letters", "/articles/%D8%AE%D8%A8%D8%B1"]) {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(404);
    const html = await res.text();
    expect(html, path).toContain("الصفحة غير موجودة");
    expect(html, path).not.toContain("URIError");
  }
  for (const method of ["GET", "PUT", "DELETE"]) {
    const res = await fetch(`${server.url}/api/articles/%E0%A4%A`, {
      method,
      headers: { Authorization: `Bearer ${PUBLISH_TOKEN}`, "Content-Type": "application/json" },
      ...(method === "PUT" ? { body: JSON.stringify({ title: "مقال تجريبي", body: "نص" }) } : {}),
    });
    expect(res.status, method).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error, method).toMatch(/[\u0600-\u06FF]/);
  }
  expect(server.output()).not.toMatch(/URIError|URI malformed/);
});
