import type { Metadata } from "next";

export const metadata: Metadata = { title: "البحث" };

export default function SearchPage() {
  return (
    <section className="pbs-6">
      <h1 className="text-2xl font-bold">البحث</h1>
    </section>
  );
}
