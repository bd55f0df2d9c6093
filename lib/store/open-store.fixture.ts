/**
 * A child process for open-store.test.ts: loads the store code, prints
 * "ready", waits for a line on stdin (so several children open at the same
 * moment), then opens DATA_DIR's store and prints one JSON line. With
 * `publish`, it also tries to publish an article.
 */
import { createInterface } from "node:readline";
import { PublishError } from "@/lib/publish/errors";
import { publishArticle } from "@/lib/publish/publish";
import { getStore } from "./open-store";

async function run(): Promise<Record<string, unknown>> {
  const store = await getStore();
  const result: Record<string, unknown> = { titles: (await store.latest(10)).map((a) => a.title) };
  if (process.argv[2] === "publish") {
    try {
      await publishArticle(store, { title: "مقال تجريبي", body: "نص تجريبي." });
      result.published = true;
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      result.refused = { status: error.status, message: error.message };
    }
  }
  return result;
}

process.stdout.write("ready\n");
createInterface({ input: process.stdin }).once("line", () => {
  run().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
      process.exit(1);
    },
  );
});
