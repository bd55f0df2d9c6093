import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Every page the app serves, present and future (README, "Headers and caching"):
 * all paths but the API, Next's assets, pictures and share cards (immutable), the worker's, icon and
 * manifest files, and the feeds, sitemaps and robots.txt, which set their own (lib/syndication).
 */
const PAGES =
  "/((?!api/|_next/|media/|cards/|sw\\.js|offline-page\\.js|page\\.js|search\\.js|search-worker\\.js|saved\\.js|icons/|screenshots/|manifest\\.webmanifest|favicon\\.ico|feed\\.xml|atom\\.xml|sitemap|news-sitemap\\.xml|robots\\.txt|sections/[^/]+/(?:feed|atom)\\.xml).*)";

/**
 * Browsers: stale at once and never served stale (must-revalidate also
 * overrides any stale-while-revalidate), so every navigation asks the server,
 * which answers 304 from the ETag when nothing changed. Shared caches: fresh
 * for 15 s, then they must ask too.
 */
const PAGE_CACHE_CONTROL = "public, max-age=0, must-revalidate, s-maxage=15";
/** RFC 9213: CDNs that read it use it instead of Cache-Control, and browsers ignore it. */
const CDN_PAGE_CACHE_CONTROL = "max-age=15, stale-while-revalidate=15";

/**
 * Pages are rendered once and served from a cache, so a per-request nonce
 * cannot work, and Next's inline RSC scripts differ page by page, so no list
 * of hashes covers them: inline scripts stay allowed. Everything else is shut:
 * no script, frame or connection to another origin, no plugins, no <base>,
 * no form posting elsewhere, no framing. See README, "Content Security Policy".
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self'",
  // Pictures are the site's own (/media/); data: is for their few-byte blurred placeholders.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Powerful features the site never uses, off for it and anything it might embed. */
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "bluetooth=()",
  "midi=()",
  "display-capture=()",
  "browsing-topics=()",
].join(", ");

/**
 * Next copies the body of every request proxy.ts runs for (PUT /api/articles/<id>,
 * a POST to a page) into memory before any route reads it, 10 MB of it by
 * default, however little the route then takes: ten strangers' unfinished 9 MB
 * bodies held the server 100 MB. The largest body a route there reads is an
 * edit (lib/publish/errors.ts MAX_BODY_BYTES plus its JSON envelope, as in
 * app/api/articles/[id]/route.ts). Next stops copying before the chunk that
 * crosses its cap, and a socket reads up to 64 KB at a time: with 256 KB to
 * spare, a body past the route's limit still reaches it as too long (413),
 * never cut to a shorter, broken one (400).
 */
const PROXY_MAX_BODY_BYTES = 1024 * 1024 + 64 * 1024 + 256 * 1024;

/** @type {import('next').NextConfig} */
const nextConfig = {
  experimental: { proxyClientMaxBodySize: PROXY_MAX_BODY_BYTES },
  // No page uses next/image (pictures have their own variants, lib/media): its /_next/image would
  // let anyone make sharp resize every local picture at every width, and keep each result on disk.
  images: { unoptimized: true },
  // Pages are cached until the article store changes; see the handler for why.
  cacheHandler: require.resolve("./lib/render-cache/cache-handler.cjs"),
  cacheMaxMemorySize: 0,
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "pg", "pg-boss", "web-push", "sharp"],
  // Browsers and crawlers still ask for /favicon.ico whatever the page links.
  async rewrites() {
    return [
      { source: "/favicon.ico", destination: "/icons/favicon-48.png" },
      // app/sitemap.ts with generateSitemaps serves /sitemap/<id>.xml and claims /sitemap.xml, which
      // a route of our own may not then use: the index that names the files is served from here.
      { source: "/sitemap.xml", destination: "/sitemap-index.xml" },
    ];
  },
  async headers() {
    const security = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
      { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    ];
    // Set here, before Next renders: Next keeps a Cache-Control it finds already set (send-payload.js).
    const pageCaching = [
      { key: "Cache-Control", value: PAGE_CACHE_CONTROL },
      { key: "CDN-Cache-Control", value: CDN_PAGE_CACHE_CONTROL },
    ];
    return [
      { source: "/:path*", headers: security },
      { source: PAGES, headers: pageCaching },
      {
        // The worker must be re-checked on every visit so a new version is found.
        source: "/sw.js",
        headers: [
          { key: "Cache-Control", value: "no-cache" },
          { key: "Content-Type", value: "application/javascript; charset=utf-8" },
        ],
      },
    ];
  },
};

export default nextConfig;
