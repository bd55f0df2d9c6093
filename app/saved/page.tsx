import type { Metadata } from "next";
import { SavedClient } from "@/components/saved-client";
import { site } from "@/lib/site";
import { UrgentSlot } from "@/components/urgent-slot";

export const metadata: Metadata = { title: "المحفوظة" };

export default function SavedPage() {
  return (
    <section className="pbs-6" aria-labelledby="saved-heading">
      <UrgentSlot />
      <h1 id="saved-heading" className="text-2xl font-bold">
        المحفوظة
      </h1>
      <p className="mbs-1 text-sm text-muted">مقالات حفظتها لتقرأها متى شئت، ولا تُمحى من هاتفك.</p>
      <SavedClient timeZone={site.timeZone} />
    </section>
  );
}
