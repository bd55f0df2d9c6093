"use client";

import { Fragment, useEffect, useRef, useState } from "react";
import type { SearchResults } from "@/client/search-library";
import { openSearchLibrary } from "@/client/search-library";
import { formatArabicDate, isoDate } from "@/lib/arabic/date";
import { resultsCount } from "@/lib/arabic/results-count";
import type { SnippetSegment } from "@/lib/search/article-index";
import { needsMoreLetters } from "@/lib/search/article-index";

/**
 * Results shown at first and added by each «عرض المزيد»: two phone screens.
 * Each shown result costs a read and a snippet on every keystroke.
 */
const PAGE_SIZE = 10;

type View = { status: "preparing" } | { status: "unavailable" } | { status: "ready"; found: SearchResults | undefined };

// Once typing pauses, not per keystroke: Next re-renders its router on every
// history call, and Safari throws after 100 of them in 30 seconds.
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

function statusLine(view: View): string {
  if (view.status === "preparing") return "جارٍ تجهيز البحث…";
  if (view.status === "unavailable") return "تعذّر تجهيز البحث على هذا الجهاز.";
  const { found } = view;
  if (!found) return "";
  if (found.total > 0) return resultsCount(found.total);
  // «ال» or one letter matches nothing yet: not a failed search.
  return needsMoreLetters(found.query) ? "تابع الكتابة…" : `لا نتائج لـ«${found.query.trim()}»`;
}

function Highlighted({ segments }: { segments: SnippetSegment[] }) {
  return segments.map((segment, i) =>
    segment.match ? (
      <mark key={i} className="rounded-sm bg-brand/15 text-inherit">
        {segment.text}
      </mark>
    ) : (
      <Fragment key={i}>{segment.text}</Fragment>
    ),
  );
}

/**
 * Searches the articles held on the phone as the reader types into the
 * server-rendered search box `inputId`; renders the status line and results.
 */
export function SearchClient({ inputId, timeZone }: { inputId: string; timeZone: string }) {
  const [view, setView] = useState<View>({ status: "preparing" });
  const showMore = useRef<() => void>(() => undefined);

  useEffect(() => {
    const input = document.getElementById(inputId);
    if (!(input instanceof HTMLInputElement)) return;
    // What the reader typed before the page hydrated wins over the link's ?q=.
    input.value ||= new URLSearchParams(window.location.search).get("q") ?? "";
    if (input.value === "") input.focus();

    let disposed = false;
    let latest = 0;
    let limit = PAGE_SIZE;
    let search: ((query: string, limit: number) => Promise<SearchResults>) | undefined;
    let unsubscribe = () => {};

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
      if (!disposed && ticket === latest) setView({ status: "ready", found });
    };
    let urlTimer: ReturnType<typeof setTimeout> | undefined;
    const syncUrl = () => {
      clearTimeout(urlTimer);
      replaceQuery(input.value);
    };
    const onInput = () => {
      limit = PAGE_SIZE;
      clearTimeout(urlTimer);
      urlTimer = setTimeout(syncUrl, URL_DELAY_MS);
      void run();
    };
    // Results are already live: Enter only closes the phone's keyboard.
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      input.blur();
      syncUrl();
      void run();
    };
    showMore.current = () => {
      limit += PAGE_SIZE;
      void run();
    };
    input.addEventListener("input", onInput);
    // Leaving (a result tapped) within the delay: the back button must still find the query.
    window.addEventListener("pagehide", syncUrl);
    input.form?.addEventListener("submit", onSubmit);

    openSearchLibrary().then(
      (library) => {
        if (disposed) return;
        search = (query, n) => library.search(query, n);
        unsubscribe = library.onChange(() => void run());
        void run();
      },
      () => {
        if (!disposed) setView({ status: "unavailable" });
      },
    );
    return () => {
      disposed = true;
      unsubscribe();
      clearTimeout(urlTimer);
      window.removeEventListener("pagehide", syncUrl);
      input.removeEventListener("input", onInput);
      input.form?.removeEventListener("submit", onSubmit);
    };
  }, [inputId]);

  const found = view.status === "ready" ? view.found : undefined;
  return (
    // At least a screen tall, so results arriving (a deep link, a sync) fill
    // room already there instead of pushing the footer: no layout shift.
    <section aria-label="نتائج البحث" data-search-results={found?.query ?? ""} className="mt-4 min-h-dvh">
      {/* Only the status line is live: a screen reader hears «3 نتائج», not every headline at each keystroke. */}
      <p role="status" aria-live="polite" className="min-h-6 text-sm text-muted">
        {statusLine(view)}
      </p>
      {found && found.results.length > 0 ? (
        <ol role="list" className="divide-y divide-rule">
          {found.results.map((result) => (
            <li key={result.id} className="py-5" data-article-id={result.id}>
              <article>
                <h2 className="font-serif text-xl leading-relaxed font-bold">
                  <a className="hover:underline" href={result.href}>
                    <Highlighted segments={result.title} />
                  </a>
                </h2>
                {result.snippet.length > 0 ? (
                  <p className="mt-2 font-serif leading-loose text-muted" data-snippet>
                    <Highlighted segments={result.snippet} />
                  </p>
                ) : null}
                <p className="mt-2 text-sm text-muted">
                  <time dateTime={isoDate(result.publishedAt, timeZone)}>{formatArabicDate(result.publishedAt, timeZone)}</time>
                </p>
              </article>
            </li>
          ))}
        </ol>
      ) : null}
      {found && found.total > found.results.length ? (
        <button
          type="button"
          onClick={() => showMore.current()}
          className="mt-4 min-h-11 rounded-full border border-rule px-5 py-2 font-bold hover:bg-rule"
        >
          عرض المزيد
        </button>
      ) : null}
    </section>
  );
}
