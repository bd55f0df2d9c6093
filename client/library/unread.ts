/** Articles that arrived and are not opened yet, and the app badge that counts them. */
import { library } from "./connection";
import { getMeta, metaValue } from "./meta";

/** Shows the unread count on the app icon where the platform has badges. */
export async function showBadge(
  nav: { setAppBadge?: (count?: number) => Promise<void>; clearAppBadge?: () => Promise<void> },
  count: number,
): Promise<void> {
  try {
    if (count > 0) await nav.setAppBadge?.(count);
    else await nav.clearAppBadge?.();
  } catch {
    // Badging is a nicety: a platform that refuses it loses nothing.
  }
}

/** How many arrived articles are not opened yet. */
export async function unreadCount(): Promise<number> {
  return (await getMeta("unread"))?.length ?? 0;
}

/** Marks an article read; returns how many stay unread. */
export async function markRead(id: string): Promise<number> {
  const tx = (await library()).transaction("meta", "readwrite");
  const unread = metaValue("unread", await tx.store.get("unread")) ?? [];
  const left = unread.filter((u) => u !== id);
  if (left.length !== unread.length) await tx.store.put(left, "unread");
  await tx.done;
  return left.length;
}
