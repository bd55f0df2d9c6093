import type { MetadataRoute } from "next";
import { iconsFor } from "@/lib/app-icons";
import { site } from "@/lib/site";

// Rendered per request, so SITE_NAME at run time names the app as it names the pages.
export const dynamic = "force-dynamic";

/** Where the installed app opens: the latest articles; the worker answers "/" offline whatever the query. */
const START_URL = "/?source=pwa";

/**
 * Alternate colours for a dark system theme, from the WICG manifest-incubations
 * `user_preferences` proposal; browsers without it ignore the member, and the
 * page's dark theme-color meta still colours the open app.
 */
interface ColorSchemePreferences {
  user_preferences: { color_scheme: { dark: { theme_color: string; background_color: string } } };
}

/** The web app manifest (/manifest.webmanifest): what a phone needs to install the site as an Arabic app. */
export default function manifest(): MetadataRoute.Manifest & ColorSchemePreferences {
  const icon = (purpose: "any" | "maskable") =>
    iconsFor(purpose).map(({ src, size }) => ({ src, sizes: `${size}x${size}`, type: "image/png", purpose }));
  return {
    id: "/",
    name: site.name,
    short_name: site.shortName,
    description: site.description,
    lang: "ar",
    dir: "rtl",
    start_url: START_URL,
    scope: "/",
    display: "standalone",
    theme_color: site.colors.background,
    background_color: site.colors.background,
    user_preferences: {
      color_scheme: { dark: { theme_color: site.colors.backgroundDark, background_color: site.colors.backgroundDark } },
    },
    categories: ["news"],
    icons: [...icon("any"), ...icon("maskable")],
    // Taken from the running app by scripts/render-screenshots.mjs.
    screenshots: [
      { src: "/screenshots/narrow.png", sizes: "390x844", type: "image/png", form_factor: "narrow", label: "مقال على شاشة الهاتف" },
      { src: "/screenshots/wide.png", sizes: "1280x800", type: "image/png", form_factor: "wide", label: "مقال على شاشة عريضة" },
    ],
    shortcuts: [
      { name: "آخر الأخبار", short_name: "الأحدث", description: "أحدث المقالات المنشورة", url: "/?source=pwa-shortcut" },
      { name: "المقالات المحفوظة", short_name: "المحفوظة", description: "ما حفظته لتقرأه لاحقًا", url: "/saved" },
      { name: "البحث في الأخبار", short_name: "بحث", description: "ابحث في المقالات المحفوظة على هاتفك", url: "/search" },
    ],
  };
}
