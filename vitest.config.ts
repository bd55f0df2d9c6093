import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts", "client/**/*.test.ts", "sw/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // SQLite in a temporary DATA_DIR unless a test asks for PostgreSQL: a developer's DATABASE_URL never leaks in.
    env: { DATABASE_URL: "" },
  },
  resolve: { alias: { "@": new URL(".", import.meta.url).pathname } },
});
