import { test as base } from "@playwright/test";
import { AppServer } from "./server";

/** One real server per test file worker, with its own empty DATA_DIR (seeded on start). */
export const test = base.extend<object, { server: AppServer }>({
  server: [
    async ({ browserName: _ }, provide) => {
      const server = await new AppServer().start();
      await provide(server);
      await server.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ server }, provide) => {
    await provide(server.url);
  },
});

export { expect } from "@playwright/test";
