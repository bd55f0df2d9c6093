/**
 * The search page's view: searches the articles held on the phone as the
 * reader types into the server-rendered box (app/search/page.tsx), and
 * renders the status line and the results into the server-rendered region,
 * in plain DOM code. The page needs no React, so it is sent without Next's
 * runtime (proxy.ts), like the articles; search-page.ts starts it.
 */
import { openSearchLibrary } from "./search-library";
import type { SearchResults, ShownResult, SnippetSegment } from "./search-protocol";
import { resultsCount } from "@/lib/arabic/results-count";

/**
 * Results shown at first and added by each «عرض المزيد»: two phone screens.
 * Each shown result costs a read and a snippet on every keystroke.
 */
const PAGE_SIZE = 10;

type View = { status: "preparing" } | { status: "unavailable" } | { status: "ready"; found: SearchResults | undefined };

// Once typing pauses, not per keystroke: Safari throws after 100 history
// calls in 30 seconds.
const URL_DELAY_MS = 400;

// Keeps ?q= in step with the box, without a navigation, so a reload or a
// shared link shows the same search.
function replaceQuery(query: string): void {
  if (new URLSearchParams(window.location.search).get("q") === (query === "" ? null : query)) return;
  const url = new URL(window.location.href);
  if (query === "") url.searchParams.delete("q");
  else url.searchParams.set("q", query);
  window.history.replaceState(window.history.state, "", url);
}

// «في» و«من»
const quoted = (words: readonly string[]): string => words.map((word) => `«${word}»`).join(" و");

/** The status line for a view; the server renders the "preparing" one. */
export function statusLine(view: View): string {
  if (view.status === "preparing") return "جارٍ تجهيز البحث…";
  if (view.status === "unavailable") return "تعذّر تجهيز البحث على هذا الجهاز.";
  const { found } = view;
  if (!found) return "";
  switch (found.kind) {
    case "all":
      return resultsCount(found.total);
    case "partial": {
      const missing = found.missing.length > 0 ? ` ${quoted(found.missing)} لا ترد في أي مقال.` : "";
      return `لا يوجد مقال فيه كل كلمات البحث.${missing}`;
    }
    case "more-letters":
      // «ال» or one letter matches nothing yet: not a failed search.
      return "تابع الكتابة…";
    case "function-words":
      return `الكلمات الشائعة مثل ${quoted(found.ignored.slice(0, 3))} لا يُبحث بها وحدها؛ أضف كلمة أخرى.`;
    case "none":
    case "empty":
      return `لا نتائج لـ«${found.query.trim()}»`;
  }
}

/** An element with its classes and children; text is always a text node, never parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}

function highlighted(doc: Document, segments: readonly SnippetSegment[]): Array<Node | string> {
  return segments.map((segment) => (segment.match ? el(doc, "mark", "rounded-sm bg-brand/15 text-inherit", segment.text) : segment.text));
}

function resultItem(doc: Document, result: ShownResult, heading: "h2" | "h3"): HTMLLIElement {
  const link = el(doc, "a", "hover:underline", ...highlighted(doc, result.title));
  link.href = result.href;
  const article = el(doc, "article", "", el(doc, heading, "font-serif text-xl leading-relaxed font-bold", link));
  if (result.snippet.length > 0) {
    const snippet = el(doc, "p", "mt-2 font-serif leading-loose text-muted", ...highlighted(doc, result.snippet));
    snippet.dataset.snippet = "";
    article.append(snippet);
  }
  if (result.section || result.date) {
    const meta = el(doc, "p", "mt-2 text-sm text-muted");
    meta.dataset.resultMeta = "";
    if (result.section) meta.append(el(doc, "span", "", result.section));
    if (result.section && result.date) {
      const dot = el(doc, "span", "", " · ");
      dot.setAttribute("aria-hidden", "true");
      meta.append(dot);
    }
    if (result.date) {
      const time = el(doc, "time", "", result.date);
      if (result.dateTime) time.dateTime = result.dateTime;
      meta.append(time);
    }
    article.append(meta);
  }
  const item = el(doc, "li", "py-5", article);
  item.dataset.articleId = result.id;
  return item;
}

function resultList(doc: Document, results: readonly ShownResult[], heading: "h2" | "h3"): HTMLOListElement {
  const list = el(doc, "ol", "divide-y divide-rule", ...results.map((result) => resultItem(doc, result, heading)));
  // Safari drops a list's role when its markers are styled away.
  list.setAttribute("role", "list");
  return list;
}

/** The results of a search: a list, or for "partial" a list under its own heading. */
function resultsContent(doc: Document, found: SearchResults): Node[] {
  if (found.results.length === 0) return [];
  if (found.kind !== "partial") return [resultList(doc, found.results, "h2")];
  const heading = el(doc, "h2", "text-lg font-bold", "مقالات فيها بعض كلمات البحث");
  heading.id = "partial-heading";
  const section = el(doc, "section", "mt-4", heading, el(doc, "p", "text-sm text-muted", resultsCount(found.total)), resultList(doc, found.results, "h3"));
  section.setAttribute("aria-labelledby", heading.id);
  return [section];
}

/** The parts of the page the search works with, as app/search/page.tsx renders them. */
interface SearchPage {
  input: HTMLInputElement;
  region: HTMLElement;
  status: HTMLElement;
  list: HTMLElement;
  more: HTMLButtonElement;
  timeZone: string;
}

function findPage(doc: Document): SearchPage | undefined {
  const input = doc.querySelector("input[type=search][name=q]");
  const region = doc.querySelector<HTMLElement>("[data-search-results]");
  const status = region?.querySelector<HTMLElement>("[role=status]");
  const list = region?.querySelector<HTMLElement>("[data-search-list]");
  const more = region?.querySelector("[data-search-more]");
  const timeZone = region?.dataset.timeZone;
  if (!(input instanceof HTMLInputElement) || !region || !status || !list || !(more instanceof HTMLButtonElement) || !timeZone) return undefined;
  return { input, region, status, list, more, timeZone };
}

function render({ region, status, list, more }: SearchPage, view: View): void {
  const doc = region.ownerDocument;
  const line = statusLine(view);
  // Only the status line is live: rewritten only when it changes, so a screen reader hears it once.
  if (status.textContent !== line) status.textContent = line;
  const found = view.status === "ready" ? view.found : undefined;
  list.replaceChildren(...(found ? resultsContent(doc, found) : []));
  more.hidden = !found || found.total <= found.results.length;
  // Last: tests and the bench wait on it for the results of the whole query.
  region.dataset.searchResults = found?.query ?? "";
}

/** Wires the search page; does nothing on a page without its parts. */
export function startSearchPage(doc: Document): void {
  const page = findPage(doc);
  if (!page) return;
  const { input } = page;
  // What the reader typed before this script ran wins over the link's ?q=.
  input.value ||= new URLSearchParams(window.location.search).get("q") ?? "";
  if (input.value === "") input.focus();

  let latest = 0;
  let limit = PAGE_SIZE;
  let search: ((query: string, limit: number) => Promise<SearchResults>) | undefined;

  // Each keystroke searches; a slower earlier answer never overwrites a later one.
  const run = async (): Promise<void> => {
    if (!search) return;
    const ticket = ++latest;
    const query = input.value;
    let found: SearchResults | undefined;
    try {
      found = query.trim() === "" ? undefined : await search(query, limit);
    } catch {
      // Reading the shown articles failed (the database closed under us): keep
      // the results on screen; the next keystroke reads again.
      return;
    }
    if (ticket === latest) render(page, { status: "ready", found });
  };
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  const syncUrl = () => {
    clearTimeout(urlTimer);
    replaceQuery(input.value);
  };
  input.addEventListener("input", () => {
    limit = PAGE_SIZE;
    clearTimeout(urlTimer);
    urlTimer = setTimeout(syncUrl, URL_DELAY_MS);
    void run();
  });
  // Results are already live: Enter only closes the phone's keyboard.
  input.form?.addEventListener("submit", (event) => {
    event.preventDefault();
    input.blur();
    syncUrl();
    void run();
  });
  page.more.addEventListener("click", () => {
    limit += PAGE_SIZE;
    void run();
  });
  // Leaving (a result tapped) within the delay: the back button must still find the query.
  window.addEventListener("pagehide", syncUrl);

  openSearchLibrary(page.timeZone).then(
    (library) => {
      search = (query, n) => library.search(query, n);
      library.onChange(() => void run());
      void run();
    },
    () => render(page, { status: "unavailable" }),
  );
}
