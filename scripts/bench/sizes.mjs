// @ts-check
/**
 * Bytes on the wire: the JavaScript the article page ships, split into
 * Next.js's part and ours (chunks.mjs), and the HTML documents themselves.
 * Sizes are computed here (gzip level 9 and brotli quality 11, as a CDN would
 * serve them) from the uncompressed bodies, not taken from the server's own
 * compression, so they don't depend on how `next start` is configured.
 */
import zlib from "node:zlib";
import { attribute } from "./chunks.mjs";
import { KB, kb, table } from "./report.mjs";

/** @param {Buffer} body */
export function compressedSizes(body) {
  return {
    raw: body.length,
    gzip: zlib.gzipSync(body, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length,
  };
}

/** @param {string} url */
async function fetchBody(url) {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Scripts a page loads from /_next/static/: its <script src> tags, plus chunks
 * named only in the inline RSC payload (client components React loads while
 * hydrating). `nomodule` scripts are kept but flagged: modern browsers skip them.
 * @param {string} html
 * @param {string} pageUrl
 * @returns {Map<string, { nomodule: boolean, fromPayload: boolean }>} keyed by pathname
 */
export function nextScripts(html, pageUrl) {
  /** @type {Map<string, { nomodule: boolean, fromPayload: boolean }>} */
  const scripts = new Map();
  for (const [, attrs] of html.matchAll(/<script\b([^>]*)>/gi)) {
    const src = /\ssrc="([^"]+)"/i.exec(attrs)?.[1]?.replaceAll("&amp;", "&");
    if (!src) continue;
    const pathname = new URL(src, pageUrl).pathname;
    if (!pathname.startsWith("/_next/static/")) continue;
    scripts.set(pathname, { nomodule: /\snomodule\b/i.test(attrs), fromPayload: false });
  }
  for (const [pathname] of html.matchAll(/\/_next\/static\/chunks\/[\w.~-]+\.js/g)) {
    if (!scripts.has(pathname)) scripts.set(pathname, { nomodule: false, fromPayload: true });
  }
  return scripts;
}

/** @param {{ raw: number, gzip: number, brotli: number }[]} files */
function sum(files) {
  return files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

/** Our JavaScript above a bare App Router page, per page (issue 16); pages without one are reported only. */
const JS_BUDGETS = { article: 10 * KB, search: 20 * KB };

const ROLE = {
  framework: "Next.js",
  mixed: "Next.js + ours",
  ours: "ours",
  unparsed: "ours (unreadable chunk, counted whole)",
};

/**
 * Every script file a page loads itself, Next's and ours, skipping `nomodule` ones.
 * @param {string} html
 * @param {string} pageUrl
 * @returns {string[]} pathnames
 */
export function allScripts(html, pageUrl) {
  const next = [...nextScripts(html, pageUrl)].filter(([, info]) => !info.nomodule).map(([pathname]) => pathname);
  const own = [...html.matchAll(/<script\b([^>]*)>/gi)]
    .filter(([, attrs]) => !/\snomodule\b/i.test(attrs ?? ""))
    .map(([, attrs]) => /\ssrc="([^"]+)"/i.exec(attrs ?? "")?.[1])
    .filter((src) => src !== undefined)
    .map((src) => new URL(src.replaceAll("&amp;", "&"), pageUrl))
    .filter((url) => url.origin === new URL(pageUrl).origin && !url.pathname.startsWith("/_next/"))
    .map((url) => url.pathname);
  return [...new Set([...next, ...own])];
}

/**
 * The main-thread JavaScript one page loads, split into Next's and ours.
 * Web Workers' scripts (the search index) are not on this list: they run off
 * the main thread and load when the page starts them.
 * @param {{ baseUrl: string, pathname: string, root: string, log: (line?: string) => void, html?: string }} options
 */
async function pageScripts({ baseUrl, pathname, root, log, html: given }) {
  const pageUrl = baseUrl + pathname;
  const html = given ?? (await fetchBody(pageUrl)).toString("utf8");
  const scripts = nextScripts(html, pageUrl);
  if (scripts.size === 0) return ownScripts({ baseUrl, html, pageUrl, log });
  const fetched = await Promise.all(
    [...scripts].map(async ([path, info]) => ({ pathname: path, ...info, body: await fetchBody(baseUrl + path) })),
  );
  const shipped = fetched.filter((f) => !f.nomodule);
  // Split every chunk into Next's modules and ours; see chunks.mjs for how.
  const { chunks, entries } = attribute(
    root,
    shipped.map((f) => ({ pathname: f.pathname, code: f.body.toString("utf8") })),
  );
  const rows = chunks.map((c) => {
    const whole = compressedSizes(Buffer.from(c.code));
    const next = c.frameworkCode ? compressedSizes(Buffer.from(c.frameworkCode)) : { raw: 0, gzip: 0, brotli: 0 };
    const ours = { raw: whole.raw - next.raw, gzip: whole.gzip - next.gzip, brotli: whole.brotli - next.brotli };
    return { ...c, whole, next, ours };
  });

  const name = (/** @type {string} */ p) => p.replace("/_next/static/", "");
  log(
    table(
      ["file", "raw", "gzip", "brotli", "ours (gzip)", "whose"],
      [
        ...rows.map((r) => [
          name(r.pathname) + (scripts.get(r.pathname)?.fromPayload ? " *" : ""),
          kb(r.whole.raw),
          kb(r.whole.gzip),
          kb(r.whole.brotli),
          r.ours.raw ? kb(r.ours.gzip) : "",
          ROLE[r.kind] + (r.rootMain ? " (root main)" : "") + (r.kind === "mixed" ? ` (${r.ourModules} of our modules)` : ""),
        ]),
        ...fetched
          .filter((f) => f.nomodule)
          .map((f) => {
            const size = compressedSizes(f.body);
            return [name(f.pathname), kb(size.raw), kb(size.gzip), kb(size.brotli), "", "nomodule: skipped by modern browsers, not counted"];
          }),
      ],
      { align: ["l", "r", "r", "r", "r", "l"] },
    ),
  );
  if (fetched.some((f) => f.fromPayload)) log("* named only in the inline RSC payload, loaded while hydrating");

  const total = sum(rows.map((r) => r.whole));
  const bare = sum(rows.map((r) => r.next));
  const ours = sum(rows.map((r) => r.ours));
  log(`total: ${kb(total.raw)} raw, ${kb(total.gzip)} gzip, ${kb(total.brotli)} brotli (${rows.length} files)`);
  const rootMain = sum(rows.filter((r) => r.rootMain).map((r) => r.next));
  log(
    `bare Next.js 16 App Router page (Next.js's modules of the above): ${kb(bare.gzip)} gzip, ${kb(bare.brotli)} brotli` +
      ` = root main files ${kb(rootMain.gzip)} + Next's client components ${kb(bare.gzip - rootMain.gzip)}`,
  );
  for (const entry of entries) {
    const size = compressedSizes(Buffer.from(entry.source));
    log(`  ours: ${entry.name} and what only it imports: ${kb(size.raw)} raw, ${kb(size.gzip)} gzip on its own`);
  }
  log(`beyond the framework's own: ${kb(ours.gzip)} gzip (${kb(ours.brotli)} brotli)`);
  return { total, bare, ours };
}

/**
 * A page served without Next's runtime (proxy.ts): every script it loads is ours.
 * @param {{ baseUrl: string, html: string, pageUrl: string, log: (line?: string) => void }} options
 */
async function ownScripts({ baseUrl, html, pageUrl, log }) {
  const sources = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/gi)].map((m) => new URL(m[1] ?? "", pageUrl).pathname);
  if (sources.length === 0) throw new Error(`no scripts found in ${pageUrl}`);
  const files = await Promise.all(sources.map(async (src) => ({ src, size: compressedSizes(await fetchBody(baseUrl + src)) })));
  log(
    table(
      ["file", "raw", "gzip", "brotli", "whose"],
      files.map((f) => [f.src, kb(f.size.raw), kb(f.size.gzip), kb(f.size.brotli), "ours (no Next.js runtime on this page)"]),
      { align: ["l", "r", "r", "r", "l"] },
    ),
  );
  const total = sum(files.map((f) => f.size));
  log(`total: ${kb(total.raw)} raw, ${kb(total.gzip)} gzip, ${kb(total.brotli)} brotli; no Next.js runtime, so all of it is beyond a bare page's`);
  return { total, bare: { raw: 0, gzip: 0, brotli: 0 }, ours: total };
}

/** @type {import("./report.mjs").Section} */
export const jsSection = {
  id: "js",
  title: "JavaScript shipped by each page",
  async run({ baseUrl, pages, root, log }) {
    /** @type {{ page: string, total: { gzip: number }, bare: { gzip: number } }[]} */
    const measured = [];
    for (const [page, pathname] of Object.entries(pages)) {
      log(`${page} (${pathname}):`);
      measured.push({ page, ...(await pageScripts({ baseUrl, pathname, root, log })) });
      log();
    }
    // A bare App Router page: the framework's part of the pages that load it (all of them load the same).
    let bareGzip = Math.max(...measured.map((m) => m.bare.gzip));
    const notFoundUrl = `${baseUrl}/bench-no-such-page-${Date.now()}`;
    const notFoundRes = await fetch(notFoundUrl);
    const notFoundHtml = await notFoundRes.text();
    if (bareGzip === 0) {
      // None of the pages we track loads it any more: the 404 page still does (framework + root layout).
      log(`bare page reference: the 404 page (${new URL(notFoundUrl).pathname}):`);
      bareGzip = (await pageScripts({ baseUrl, pathname: new URL(notFoundUrl).pathname, root, log, html: notFoundHtml })).bare.gzip;
      log();
    }
    if (bareGzip === 0) throw new Error("no page loads Next.js's runtime: nothing to compare with");
    /** @type {import("./report.mjs").Row[]} */
    const rows = [];
    for (const { page, total } of measured) {
      const above = total.gzip - bareGzip;
      const budget = JS_BUDGETS[/** @type {keyof typeof JS_BUDGETS} */ (page)];
      const value = `${above < 0 ? "−" : "+"}${kb(Math.abs(above))}`;
      log(`${page}: ${kb(total.gzip)} gzip, ${value} against a bare App Router page (${kb(bareGzip)})`);
      rows.push({ figure: `${page} JS total (gzip)`, value: kb(total.gzip) });
      rows.push(
        budget === undefined
          ? { figure: `${page} JS above a bare page (gzip)`, value }
          : { figure: `${page} JS above a bare page (gzip)`, value, target: `≤ +${kb(budget)}`, pass: above <= budget },
      );
    }

    // Cross-check only: the 404 page loads the framework plus our root layout's client code.
    const notFoundScripts = [...nextScripts(notFoundHtml, notFoundUrl)].filter(([, info]) => !info.nomodule);
    const notFound = sum(await Promise.all(notFoundScripts.map(async ([p]) => compressedSizes(await fetchBody(baseUrl + p)))));
    log(`cross-check: the 404 page (HTTP ${notFoundRes.status}, framework + root layout) loads ${kb(notFound.gzip)} gzip`);

    return [{ figure: "bare App Router page JS (gzip)", value: kb(bareGzip), target: "~128 KB" }, ...rows];
  },
};

const HTML_BUDGET = 14 * KB;

/** @type {import("./report.mjs").Section} */
export const htmlSection = {
  id: "html",
  title: "HTML document size",
  async run({ baseUrl, pages, log }) {
    /** @type {import("./report.mjs").Row[]} */
    const rows = [];
    for (const [name, pathname] of /** @type {const} */ ([["article", pages.article], ["home", pages.home]])) {
      const size = compressedSizes(await fetchBody(baseUrl + pathname));
      log(`${name} (${pathname}): ${kb(size.raw)} raw, ${kb(size.gzip)} gzip, ${kb(size.brotli)} brotli`);
      rows.push(
        name === "article"
          ? { figure: "article HTML (gzip)", value: kb(size.gzip), target: "< 14 KB", pass: size.gzip < HTML_BUDGET }
          : { figure: "home HTML (gzip)", value: kb(size.gzip) },
      );
    }
    return rows;
  },
};
