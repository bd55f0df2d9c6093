import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Pages are cached until the article store changes; see the handler for why.
  cacheHandler: require.resolve("./lib/render-cache/cache-handler.cjs"),
  cacheMaxMemorySize: 0,
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "web-push"],
  // Browsers and crawlers still ask for /favicon.ico whatever the page links.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icons/favicon-48.png" }];
  },
  async headers() {
    const security = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
    ];
    return [
      { source: "/:path*", headers: security },
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
