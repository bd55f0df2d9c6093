import type { Metadata } from "next";
import { SEARCH_SCRIPT_URL } from "@/lib/page-shell";
import { site } from "@/lib/site";
import { UrgentSlot } from "@/components/urgent-slot";

export const metadata: Metadata = { title: "البحث" };

const INPUT_ID = "search-q";

// Static on purpose: the worker precaches this page whole and serves it
// offline, so the query is read in the browser (?q=), never on the server.
// No React on the client: client/search-view.ts fills the results region.
export default function SearchPage() {
  return (
    <section className="pbs-6">
      <UrgentSlot />
      <h1 className="text-2xl font-bold">البحث</h1>
      <form role="search" action="/search" className="mt-4">
        <label htmlFor={INPUT_ID} className="block text-sm text-muted">
          ابحث في كل المقالات المحفوظة على هاتفك، متصلًا أو من دون اتصال
        </label>
        <div className="mt-2 flex gap-2">
          <input
            id={INPUT_ID}
            type="search"
            name="q"
            autoComplete="off"
            enterKeyHint="search"
            className="min-h-11 min-w-0 flex-1 rounded-full border border-rule bg-paper px-4 py-2 text-lg"
          />
          <button type="submit" className="min-h-11 rounded-full bg-brand px-5 py-2 font-bold text-brand-ink">
            ابحث
          </button>
        </div>
      </form>
      {/* At least a screen tall, so results arriving (a deep link, a sync) fill
          room already there instead of pushing the footer: no layout shift. */}
      <section aria-label="نتائج البحث" data-search-results="" data-time-zone={site.timeZone} className="mt-4 min-h-dvh">
        {/* Only the status line is live: a screen reader hears «3 نتائج», not every headline at each keystroke. */}
        <p role="status" aria-live="polite" className="min-h-6 text-sm text-muted">
          جارٍ تجهيز البحث…
        </p>
        <div data-search-list />
        <button
          type="button"
          data-search-more
          hidden
          className="mt-4 min-h-11 rounded-full border border-rule px-5 py-2 font-bold hover:bg-rule"
        >
          عرض المزيد
        </button>
      </section>
      {/* Kept when the page is sent without Next's runtime (lib/page-shell.ts). */}
      <script src={SEARCH_SCRIPT_URL} defer data-page-script />
    </section>
  );
}
