import type { Metadata } from "next";

export const metadata: Metadata = { title: "المحفوظة" };

export default function SavedPage() {
  return (
    <section className="pbs-6">
      <h1 className="text-2xl font-bold">المحفوظة</h1>
    </section>
  );
}
