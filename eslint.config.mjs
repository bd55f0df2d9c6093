import css from "@eslint/css";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import betterTailwind from "eslint-plugin-better-tailwindcss";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Right-to-left site: physical left/right utilities are errors, logical ones (ms-, pe-, start-) required.
    files: ["**/*.{ts,tsx}"],
    plugins: { "better-tailwindcss": betterTailwind },
    settings: { "better-tailwindcss": { entryPoint: "app/globals.css" } },
    rules: {
      // Only the inline axis flips in Arabic; block-axis and size utilities stay as they are.
      "better-tailwindcss/enforce-logical-properties": [
        "error",
        { ignore: ["^(?:[\\w-]+:)*-?(?:p[tby]|m[tby]|top|bottom|inset-y|border-[tb]|rounded-[tb]|scroll-[mp][tb]|min-h|max-h|min-w|max-w|h|w|size)(?:-.*)?$"] },
      ],
      // Component classes from app/globals.css, used by the shared HTML renderer.
      "better-tailwindcss/no-unknown-classes": ["error", { ignore: ["^article-body$", "^offline-mark$"] }],
      "better-tailwindcss/no-conflicting-classes": "error",
      "better-tailwindcss/no-duplicate-classes": "error",
    },
  },
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Article links are plain <a>: smaller JS, and the service worker answers them offline.
      "@next/next/no-html-link-for-pages": "off",
    },
  },
  {
    // Type-aware: a promise nobody awaits or catches (a click handler's, say) is an error.
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    // Loaded by Next outside the bundler, so CommonJS.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.css"],
    plugins: { css },
    language: "css/css",
    languageOptions: { tolerant: true },
    rules: {
      "css/prefer-logical-properties": ["error", { allowProperties: ["top", "bottom", "margin-top", "margin-bottom", "padding-top", "padding-bottom", "border-top", "border-bottom", "height", "width", "min-height", "max-height", "min-width", "max-width"] }],
    },
  },
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "public/sw.js", "public/offline-page.js", "public/page.js", "public/search.js", "public/search-worker.js", "public/saved.js", "public/settings.js", "bench-results/**", "test-results/**", "playwright-report/**", "data/**"]),
]);
