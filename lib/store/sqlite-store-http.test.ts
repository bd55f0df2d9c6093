// The store methods the HTTP layer needs: the subscription count behind the
// subscription cap, and withdrawn slugs behind 410 Gone.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ArticleStore } from "./article-store";
import { openSqliteStore } from "./sqlite-store";

let store: ArticleStore | undefined;
function open(): ArticleStore {
  store = openSqliteStore(mkdtempSync(path.join(os.tmpdir(), "store-http-test-")));
  return store;
}
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const subscription = (n: number) => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${n}`,
  keys: { p256dh: `p256dh-${n}`, auth: `auth-${n}` },
});

describe("countSubscriptions", () => {
  it("counts stored subscriptions, once per endpoint", async () => {
    const s = open();
    expect(await s.countSubscriptions()).toBe(0);
    await s.saveSubscription(subscription(1));
    await s.saveSubscription(subscription(2));
    // A browser that subscribes again replaces its keys; it is still one subscription.
    await s.saveSubscription({ ...subscription(2), keys: { p256dh: "rotated", auth: "rotated" } });
    expect(await s.countSubscriptions()).toBe(2);
    await s.removeSubscription(subscription(1).endpoint);
    expect(await s.countSubscriptions()).toBe(1);
  });
});

describe("isWithdrawnSlug", () => {
  it("is true only for the slug of a withdrawn article", async () => {
    const s = open();
    const draft = (slug: string) => ({
      slug,
      title: "مقال تجريبي",
      blocks: [{ type: "paragraph" as const, children: [{ type: "text" as const, value: "نص تجريبي" }] }],
      publishedAt: "2025-01-01T10:00:00+03:00",
    });
    const live = await s.create(draft("live-1"));
    const gone = await s.create(draft("gone-1"));
    await s.withdraw(gone.id);
    expect(await s.isWithdrawnSlug("gone-1")).toBe(true);
    expect(await s.isWithdrawnSlug(live.slug)).toBe(false);
    expect(await s.isWithdrawnSlug("never-published")).toBe(false);
    expect(await s.getBySlug("gone-1")).toBeUndefined();
  });
});
