import type { Metadata } from "next";
import { UrgentSlot } from "@/components/urgent-slot";

export const metadata: Metadata = { title: "غير متصل", robots: { index: false } };

/** The page the service worker shows for anything it cannot answer offline; also its shell for offline pages. */
export default function OfflinePage() {
  return (
    <section className="py-16 text-center">
      <UrgentSlot />
      <h1 className="text-3xl font-bold">أنت غير متصل بالإنترنت</h1>
      <p className="mbs-4 text-muted">هذه الصفحة غير محفوظة على هاتفك. المقالات المحفوظة تقرؤها من المكتبة.</p>
      <p className="mbs-8">
        <a href="/" className="inline-block rounded-full bg-brand px-6 py-3 font-bold text-brand-ink">
          العودة إلى المكتبة
        </a>
      </p>
    </section>
  );
}
