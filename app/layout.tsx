import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppClient } from "@/components/app-client";
import { InstallOffer } from "@/components/install-offer";
import { EARLY_CAPTURE_SCRIPT } from "@/client/install-prompt";
import { naskh, plex } from "./fonts";
import { iconsFor } from "@/lib/app-icons";
import { site } from "@/lib/site";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: site.name, template: `%s | ${site.name}` },
  description: site.description,
  applicationName: site.name,
  formatDetection: { telephone: false },
  // iPhones read these rather than the manifest: the name under the icon and a status bar that follows the page.
  appleWebApp: { capable: true, title: site.shortName, statusBarStyle: "default" },
  icons: {
    icon: iconsFor("favicon").map(({ src, size }) => ({ url: src, sizes: `${size}x${size}`, type: "image/png" })),
    apple: iconsFor("apple").map(({ src, size }) => ({ url: src, sizes: `${size}x${size}` })),
  },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: site.colors.background },
    { media: "(prefers-color-scheme: dark)", color: site.colors.backgroundDark },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ar" dir="rtl" className={`${naskh.variable} ${plex.variable}`}>
      <body className="min-h-dvh font-sans antialiased">
        {/* Before any bundle runs: keeps an early beforeinstallprompt for client/install-prompt.ts. */}
        <script dangerouslySetInnerHTML={{ __html: EARLY_CAPTURE_SCRIPT }} />
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-brand focus:px-4 focus:py-2 focus:text-brand-ink"
        >
          تخطَّ إلى المحتوى
        </a>
        <header className="border-b border-rule">
          <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3">
            <a href="/" className="font-serif text-2xl font-bold text-brand">
              {site.name}
            </a>
            <div className="flex flex-wrap items-center justify-end gap-2 text-xs">
              <span data-library-status hidden className="text-muted" />
              <span data-connection-status hidden className="rounded-full bg-ink px-3 py-1 font-bold text-paper">
                غير متصل
              </span>
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 pb-16 outline-none">
          {children}
        </main>
        <footer className="border-t border-rule">
          <div className="mx-auto max-w-3xl space-y-4 px-4 py-6 text-sm text-muted">
            <InstallOffer />
            <div data-push-opt-in hidden className="rounded-xl border border-rule p-4 text-ink">
              <p className="font-bold">تنبيهات بالأخبار الجديدة</p>
              <p className="mbs-1 text-muted">نرسل لك تنبيهًا حين يُنشر مقال جديد، ويكون محفوظًا على هاتفك قبل أن تفتحه.</p>
              <div data-push-buttons className="mbs-3 flex flex-wrap gap-2">
                <button type="button" data-push-accept className="min-h-11 rounded-full bg-brand px-5 py-2 font-bold text-brand-ink">
                  فعّل التنبيهات
                </button>
                <button type="button" data-push-decline className="min-h-11 rounded-full border border-rule px-5 py-2">
                  لا، شكرًا
                </button>
              </div>
              <p data-push-status role="status" className="mbs-2" />
            </div>
            <p>{site.name}</p>
          </div>
        </footer>
        <div data-toasts aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-40 px-3" />
        <AppClient />
      </body>
    </html>
  );
}
