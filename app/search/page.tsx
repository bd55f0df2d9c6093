import type { Metadata } from "next";
import { SearchClient } from "@/components/search-client";
import { site } from "@/lib/site";
import { UrgentSlot } from "@/components/urgent-slot";

export const metadata: Metadata = { title: "البحث" };

const INPUT_ID = "search-q";

// Static on purpose: the worker precaches this page whole and serves it
// offline, so the query is read in the browser (?q=), never on the server.
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
      <SearchClient inputId={INPUT_ID} timeZone={site.timeZone} />
    </section>
  );
}
