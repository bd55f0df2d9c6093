import type { Metadata } from "next";
import { SettingsClient } from "@/components/settings-client";
import { UrgentSlot } from "@/components/urgent-slot";

export const metadata: Metadata = { title: "الإعدادات" };

export default function SettingsPage() {
  return (
    <section className="pbs-6" aria-labelledby="settings-heading">
      <UrgentSlot />
      <h1 id="settings-heading" className="text-2xl font-bold">
        الإعدادات
      </h1>
      <SettingsClient />
    </section>
  );
}
