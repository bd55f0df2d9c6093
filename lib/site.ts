/**
 * Site identity: the one place that names the newspaper, its credits and colours.
 * The seed names no newspaper, so the default name is neutral; set SITE_NAME to
 * the newsroom's own.
 */
export interface MastheadCredit {
  role: string;
  name: string;
}

/** URGENT_HOURS: a positive number of hours, at most a week; anything else means the default, 6. */
function urgentHours(raw: string | undefined): number {
  const hours = Number(raw?.trim() || "6");
  return Number.isFinite(hours) && hours > 0 && hours <= 168 ? hours : 6;
}

export const site = {
  name: process.env.SITE_NAME?.trim() || "الأخبار",
  shortName: process.env.SITE_SHORT_NAME?.trim() || "الأخبار",
  description: "أخبار تقرؤها على هاتفك، متصلًا أو من دون اتصال",
  /** From the seed page's masthead. */
  credits: [
    { role: "رئيس التحرير", name: "سراب حسان غانم" },
    { role: "مدير التحرير", name: "رماح اسماعيل" },
  ] satisfies MastheadCredit[],
  /** Dates are shown in this zone on server and phone alike, so both show the same day. */
  timeZone: process.env.SITE_TIME_ZONE?.trim() || "Asia/Damascus",
  /** How long after its publication an urgent article keeps the «عاجل» banner on every page. */
  urgentHours: urgentHours(process.env.URGENT_HOURS),
  colors: {
    brand: "#8a1c1c",
    brandDark: "#e8a0a0",
    background: "#fbfaf7",
    backgroundDark: "#14120f",
    /** Text on the background, and text on the brand colour (as app/globals.css has them). */
    ink: "#1c1917",
    brandInk: "#ffffff",
  },
} as const;

/** The site's public address (SITE_URL, else this server on localhost): canonical links, feeds and sitemaps are absolute against it. */
export function siteUrl(): URL {
  return new URL(process.env.SITE_URL?.trim() || `http://localhost:${process.env.PORT || 3000}`);
}

/** `path` as an absolute URL on the site. */
export function absoluteUrl(path: string): string {
  return new URL(path, siteUrl()).href;
}
