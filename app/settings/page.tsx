import type { Metadata } from "next";

export const metadata: Metadata = { title: "الإعدادات" };

export default function SettingsPage() {
  return (
    <section className="pbs-6">
      <h1 className="text-2xl font-bold">الإعدادات</h1>
    </section>
  );
}
