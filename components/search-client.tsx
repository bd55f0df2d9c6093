"use client";

import { Fragment, useEffect, useRef, useState } from "react";
import { openSearchLibrary } from "@/client/search-library";
import type { SearchResults, ShownResult, SnippetSegment } from "@/client/search-protocol";
import { resultsCount } from "@/lib/arabic/results-count";

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

// «في» و«من»
const quoted = (words: readonly string[]): string => words.map((word) => `«${word}»`).join(" و");

function statusLine(view: View): string {
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

    openSearchLibrary(timeZone).then(
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
  }, [inputId, timeZone]);

  const found = view.status === "ready" ? view.found : undefined;
  const partial = found?.kind === "partial";
  return (
    // At least a screen tall, so results arriving (a deep link, a sync) fill
    // room already there instead of pushing the footer: no layout shift.
    <section aria-label="نتائج البحث" data-search-results={found?.query ?? ""} className="mt-4 min-h-dvh">
      {/* Only the status line is live: a screen reader hears «3 نتائج», not every headline at each keystroke. */}
      <p role="status" aria-live="polite" className="min-h-6 text-sm text-muted">
        {statusLine(view)}
      </p>
      {found && found.results.length > 0 ? (
        partial ? (
          <section aria-labelledby="partial-heading" className="mt-4">
            <h2 id="partial-heading" className="text-lg font-bold">
              مقالات فيها بعض كلمات البحث
            </h2>
            <p className="text-sm text-muted">{resultsCount(found.total)}</p>
            <ResultList results={found.results} Heading="h3" />
          </section>
        ) : (
          <ResultList results={found.results} Heading="h2" />
        )
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

function ResultList({ results, Heading }: { results: ShownResult[]; Heading: "h2" | "h3" }) {
  return (
    <ol role="list" className="divide-y divide-rule">
      {results.map((result) => (
        <li key={result.id} className="py-5" data-article-id={result.id}>
          <article>
            <Heading className="font-serif text-xl leading-relaxed font-bold">
              <a className="hover:underline" href={result.href}>
                <Highlighted segments={result.title} />
              </a>
            </Heading>
            {result.snippet.length > 0 ? (
              <p className="mt-2 font-serif leading-loose text-muted" data-snippet>
                <Highlighted segments={result.snippet} />
              </p>
            ) : null}
            {result.section || result.date ? (
              <p className="mt-2 text-sm text-muted" data-result-meta>
                {result.section ? <span>{result.section}</span> : null}
                {result.section && result.date ? <span aria-hidden="true"> · </span> : null}
                {result.date ? <time dateTime={result.dateTime}>{result.date}</time> : null}
              </p>
            ) : null}
          </article>
        </li>
      ))}
    </ol>
  );
}
