// @ts-check
/**
 * Renders per publish: how many pages Next renders again after one publish,
 * one edit and one withdrawal. On its own server with a fresh store (other
 * sections publish too), it publishes synthetic articles in SECTION_NAMES
 * sections by AUTHOR_NAMES authors, enough for a second archive page, warms
 * every page (home, /archive?page=2, each section's and each author's page,
 * each article's), changes one article and asks for every page again.
 *
 * A render is counted honestly from Next itself: each page is asked of Next
 * directly (the proxy's own x-akhbar-inner header, as the timing section does)
 * and `x-nextjs-cache: MISS` means Next rendered it for this request, HIT that
 * it came from the render cache (lib/render-cache/cache-handler.cjs). STALE
 * (older than the pages' 60 s revalidate, rendered again in the background)
 * would spoil the count, so the section fails rather than report it. A page
 * without the header is rendered per request, outside the render cache (as
 * list pages reading ?page= were before they had routes of their own): it
 * counts as rendered again after every change.
 */
import { median, ms } from "./report.mjs";
import { PUBLISH_TOKEN, startServer } from "./server.mjs";

const SECTION_NAMES = ["سياسة", "اقتصاد", "رياضة", "ثقافة"];
const AUTHOR_NAMES = ["كاتب تجريبي أول", "كاتبة تجريبية ثانية", "كاتب تجريبي ثالث"];
/** 60 articles: a full home page and a second archive page. */
const PER_SECTION = 15;
const authorPath = (/** @type {string} */ name) => `/authors/${encodeURIComponent(name.replace(/ /g, "-"))}`;

/**
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} path
 * @param {object} [body]
 */
async function api(baseUrl, method, path, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${PUBLISH_TOKEN}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** @param {number} n @param {string} section @param {string} publishedAt */
const draft = (n, section, publishedAt) => ({
  title: `مقال تجريبي رقم ${n}`,
  summary: `ملخص تجريبي للمقال ${n}`,
  section,
  authors: [AUTHOR_NAMES[n % AUTHOR_NAMES.length] ?? ""],
  body: `نص تجريبي للمقال رقم ${n}، لقياس ما يُرسم من الصفحات بعد كل نشر.`,
  publishedAt,
});

/**
 * Asks Next for each page once; the paths it rendered for this request.
 * @param {string} baseUrl @param {string[]} paths
 */
async function rendered(baseUrl, paths, times = { hit: /** @type {number[]} */ ([]), miss: /** @type {number[]} */ ([]) }) {
  /** @type {string[]} */
  const misses = [];
  for (const path of paths) {
    const start = performance.now();
    const res = await fetch(baseUrl + path, { headers: { "x-akhbar-inner": "1", "Accept-Encoding": "identity" } });
    await res.arrayBuffer();
    const took = performance.now() - start;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    const cache = res.headers.get("x-nextjs-cache");
    // No header: rendered per request, outside the render cache.
    if (cache === "MISS" || cache === null) {
      misses.push(path);
      times.miss.push(took);
    } else if (cache === "HIT") times.hit.push(took);
    else throw new Error(`GET ${path}: x-nextjs-cache ${cache ?? "absent"}, not a render-cache page (or stale: the run took too long)`);
  }
  return misses;
}

/** A page's path, short for the log. @param {string} path */
const short = (path) => (path === "/" ? "home" : decodeURIComponent(path.replace("/articles/", "")));

/** @type {import("./report.mjs").Section} */
export const rendersSection = {
  id: "renders",
  title: "Renders per publish (cached pages Next renders again)",
  async run({ log }) {
    const server = await startServer();
    try {
      const base = server.url;
      /** @type {{ id: string, url: string, section: string }[]} */
      const articles = [];
      const start = Date.parse("2025-03-01T09:00:00+03:00");
      for (let i = 0; i < SECTION_NAMES.length * PER_SECTION; i++) {
        const section = SECTION_NAMES[i % SECTION_NAMES.length] ?? "";
        const made = await api(base, "POST", "/api/articles", draft(i + 1, section, new Date(start + i * 3_600_000).toISOString()));
        articles.push({ id: made.id, url: made.url, section });
      }
      const sectionPath = (/** @type {string} */ name) => `/sections/${encodeURIComponent(name)}`;
      const lists = ["/", "/archive?page=2", ...SECTION_NAMES.map(sectionPath), ...AUTHOR_NAMES.map(authorPath)];
      const pages = [...lists, ...articles.map((a) => a.url)];
      log(`${pages.length} pages: home, archive page 2, ${SECTION_NAMES.length} sections', ${AUTHOR_NAMES.length} authors' and ${articles.length} articles (${SECTION_NAMES.length} sections of ${PER_SECTION})`);

      /** @type {import("./report.mjs").Row[]} */
      const rows = [];
      /** @param {string} what @param {() => Promise<void>} change @param {string[]} expected pages that must be rendered again */
      const measure = async (what, change, expected) => {
        const asked = pages.filter((p) => p !== gone);
        await rendered(base, asked); // warm: everything cached after this
        const again = await rendered(base, asked);
        if (again.length) log(`${what}: rendered per request, with no change: ${again.map(short).join(", ")}`);
        await change();
        const after = pages.filter((p) => p !== gone);
        const times = { hit: /** @type {number[]} */ ([]), miss: /** @type {number[]} */ ([]) };
        const misses = await rendered(base, after, times);
        checked.push(...times.hit);
        renders.push(...times.miss);
        const missing = expected.filter((p) => p !== gone && !misses.includes(p));
        if (missing.length) throw new Error(`${what}: pages it changes were not rendered again: ${missing.join(", ")}`);
        const listed = misses.filter((p) => lists.includes(p));
        log(`${what}: ${misses.length} of ${after.length} pages rendered again, ${listed.length} of ${lists.length} lists (${misses.map(short).join(", ")})`);
        rows.push({ figure: `renders after ${what} (of ${after.length} pages)`, value: String(misses.length) });
        rows.push({ figure: `  of which lists (of ${lists.length})`, value: String(listed.length) });
      };
      /** @type {string | undefined} */
      let gone;
      // The first request after a change: a kept page checked against the changes, or a page rendered again.
      /** @type {number[]} */
      const checked = [];
      /** @type {number[]} */
      const renders = [];

      const inFirst = articles.filter((a) => a.section === SECTION_NAMES[0]).map((a) => a.url);
      /** @type {string} */
      let fresh = "";
      await measure(
        "a publish",
        async () => {
          const made = await api(base, "POST", "/api/articles", draft(99, SECTION_NAMES[0] ?? "", new Date().toISOString()));
          fresh = made.url;
        },
        ["/", "/archive?page=2", sectionPath(SECTION_NAMES[0] ?? ""), authorPath(AUTHOR_NAMES[99 % AUTHOR_NAMES.length] ?? ""), ...inFirst],
      );
      pages.push(fresh);

      const edited = articles.find((a) => a.section === SECTION_NAMES[1]);
      if (!edited) throw new Error("no article to edit");
      await measure(
        "an edit",
        async () => {
          const n = articles.indexOf(edited) + 1;
          await api(base, "PUT", `/api/articles/${edited.id}`, { ...draft(n, edited.section, new Date(start + (n - 1) * 3_600_000).toISOString()), title: `مقال تجريبي رقم ${n} بعد التعديل` });
        },
        [edited.url, sectionPath(edited.section), authorPath(AUTHOR_NAMES[(articles.indexOf(edited) + 1) % AUTHOR_NAMES.length] ?? "")],
      );

      const withdrawn = articles.find((a) => a.section === SECTION_NAMES[2]);
      if (!withdrawn) throw new Error("no article to withdraw");
      await measure(
        "a withdrawal",
        async () => {
          await api(base, "DELETE", `/api/articles/${withdrawn.id}`);
          gone = withdrawn.url;
        },
        // Among the oldest: on the archive's second page, not the home page.
        ["/archive?page=2", sectionPath(withdrawn.section), authorPath(AUTHOR_NAMES[(articles.indexOf(withdrawn) + 1) % AUTHOR_NAMES.length] ?? "")],
      );
      log(`first request after a change: kept page checked, median ${ms(median(checked))} (${checked.length}); rendered again, median ${ms(median(renders))} (${renders.length})`);
      rows.push({ figure: "first request after a change, page kept (median)", value: ms(median(checked)) });
      rows.push({ figure: "first request after a change, page rendered again (median)", value: ms(median(renders)) });
      return rows;
    } finally {
      await server.stop();
    }
  },
};
