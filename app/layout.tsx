import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppClient } from "@/components/app-client";
import { InstallOffer } from "@/components/install-offer";
import { SectionNav } from "@/components/section-nav";
import { EARLY_CAPTURE_SCRIPT } from "@/client/install-prompt";
import { fontVariables } from "./fonts";
import { iconsFor } from "@/lib/app-icons";
import { publicUrl } from "@/lib/config";
import { BOOT_SCRIPT } from "@/lib/reader-prefs";
import { absoluteUrl, site } from "@/lib/site";
import { FEED_TYPES, SITE_FEEDS } from "@/lib/syndication/feeds";
import "./globals.css";

export const metadata: Metadata = {
  // Canonical and social URLs must be absolute.
  metadataBase: new URL(publicUrl()),
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
    // The boot script sets the reader's theme and text size on <html> before React hydrates.
    <html lang="ar" dir="rtl" className={fontVariables} suppressHydrationWarning>
      <head>
        <script data-boot dangerouslySetInnerHTML={{ __html: BOOT_SCRIPT }} />
        {/* Here rather than in metadata: a page's own `alternates` (its canonical) would replace the layout's. */}
        <link rel="alternate" type={FEED_TYPES.rss} href={absoluteUrl(SITE_FEEDS.rss)} title={`${site.name} (RSS)`} />
        <link rel="alternate" type={FEED_TYPES.atom} href={absoluteUrl(SITE_FEEDS.atom)} title={`${site.name} (Atom)`} />
      </head>
      <body className="min-h-dvh font-sans antialiased">
        {/* Before any bundle runs: keeps an early beforeinstallprompt for client/install-prompt.ts. */}
        <script data-boot dangerouslySetInnerHTML={{ __html: EARLY_CAPTURE_SCRIPT }} />
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-brand focus:px-4 focus:py-2 focus:text-brand-ink"
        >
          تخطَّ إلى المحتوى
        </a>
        <header className="border-b border-rule">
          <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 pbs-3">
            <a href="/" className="font-serif text-2xl font-bold text-brand">
              {site.name}
            </a>
            <nav aria-label="أقسام التطبيق">
              <ul className="flex items-center gap-1 text-sm font-bold">
                <li>
                  <a href="/search" className="inline-flex min-h-11 items-center rounded-full px-3 hover:bg-rule">
                    بحث
                  </a>
                </li>
                <li>
                  <a href="/saved" className="inline-flex min-h-11 items-center rounded-full px-3 hover:bg-rule">
                    المحفوظة
                  </a>
                </li>
                <li>
                  <a href="/settings" className="inline-flex min-h-11 items-center rounded-full px-3 hover:bg-rule">
                    الإعدادات
                  </a>
                </li>
              </ul>
            </nav>
          </div>
          <SectionNav />
          <div className="mx-auto flex min-h-7 max-w-3xl flex-wrap items-center gap-2 px-4 pbe-2 text-xs">
            <span data-library-status hidden className="text-muted" />
            <span data-connection-status hidden className="rounded-full bg-ink px-3 py-0.5 font-bold text-paper">
              غير متصل
            </span>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 pb-16 outline-none">
          {children}
        </main>
        <footer className="border-t border-rule">
          <div className="mx-auto max-w-3xl space-y-4 px-4 py-6 text-sm text-muted">
            {/* First: the offers below appear after load, and last in the page they push nothing down.
                One at a time (client/push-opt-in.ts), the install offer last, so neither moves the other. */}
            <p>{site.name}</p>
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
            <InstallOffer />
          </div>
        </footer>
        <div data-toasts aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-0 z-40 px-3" />
        <AppClient />
      </body>
    </html>
  );
}
