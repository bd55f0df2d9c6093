/**
 * A writer process for pg-feed.test.ts: opens the PostgreSQL store at
 * DATABASE_URL, prints "ready", waits for a line on stdin (so writers start
 * together), then publishes, edits and withdraws `count` times in an order
 * drawn from `seed`, and prints "done".
 */
import { createInterface } from "node:readline";
import type { Block } from "@/lib/article/model";
import { openPgStore } from "./pg-store";

const [name = "w", countArg = "60", seedArg = "1"] = process.argv.slice(2);
const count = Number(countArg);
let state = Number(seedArg) >>> 0 || 1;
/** xorshift32: the same writer does the same things every run. */
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
}

const para = (text: string): Block[] => [{ type: "paragraph", children: [{ type: "text", value: text }] }];

async function run(): Promise<void> {
  const store = await openPgStore(process.env.DATABASE_URL ?? "", { maxConnections: 2 });
  const live: string[] = [];
  for (let n = 0; n < count; n++) {
    const roll = random();
    const pick = Math.floor(random() * live.length);
    const id = live[pick];
    if (roll < 0.5 || id === undefined) {
      const article = await store.create({ slug: `${name}-${n}`, title: `مقال ${name} ${n}`, blocks: para(`نص ${n}`), publishedAt: new Date().toISOString() });
      live.push(article.id);
    } else if (roll < 0.8) {
      await store.revise(id, { title: `مقال ${name} معدّل ${n}`, blocks: para(`نص معدّل ${n}`), publishedAt: new Date().toISOString() });
    } else {
      await store.withdraw(id);
      live.splice(pick, 1);
    }
  }
  await store.close();
}

process.stdout.write("ready\n");
createInterface({ input: process.stdin }).once("line", () => {
  run().then(
    () => {
      process.stdout.write("done\n");
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
