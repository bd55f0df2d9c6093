import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["lib/**/*.test.ts", "client/**/*.test.ts", "sw/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
  },
  resolve: { alias: { "@": new URL(".", import.meta.url).pathname } },
});
