import type { Metadata } from "next";
import { SAVED_SCRIPT_URL } from "@/lib/page-shell";
import { site } from "@/lib/site";
import { UrgentSlot } from "@/components/urgent-slot";

export const metadata: Metadata = { title: "المحفوظة" };

// No React on the client: client/saved-view.ts fills the list from the phone.
export default function SavedPage() {
  return (
    <section className="pbs-6" aria-labelledby="saved-heading">
      <UrgentSlot />
      <h1 id="saved-heading" className="text-2xl font-bold">
        المحفوظة
      </h1>
      <p className="mbs-1 text-sm text-muted">مقالات حفظتها لتقرأها متى شئت، ولا تُمحى من هاتفك.</p>
      {/* At least a screen tall, like /search: the list arriving from the phone fills room already there instead of pushing the footer. */}
      <div data-saved-list data-time-zone={site.timeZone} className="min-h-dvh">
        <p className="mbs-6 text-muted">جارٍ التحميل…</p>
      </div>
      {/* Kept when the page is sent without Next's runtime (lib/page-shell.ts). */}
      <script src={SAVED_SCRIPT_URL} defer data-page-script />
    </section>
  );
}
