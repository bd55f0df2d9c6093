/**
 * Push messages and notification taps. Whatever a push carries, the worker
 * syncs first, so the article is already on the phone when the reader taps.
 */
import { articlePath } from "@/lib/article/model";
import { newArticlesArrived } from "@/lib/arabic/plural";
import { iconSrc } from "@/lib/app-icons";
import { site } from "@/lib/site";
import { articleById, latestSummaries } from "@/client/library/articles";
import type { WorkerToPage } from "@/client/messages";

declare const self: ServiceWorkerGlobalScope;

/** One tag, so several arrivals collapse into one notification. */
export const NOTIFICATION_TAG = "new-articles";
/** Breaking news gets a tag of its own per article: never folded into «وصلت أخبار جديدة», nor replaced by the next arrival. */
export const URGENT_TAG_PREFIX = "urgent-";
/** Shown before an urgent headline, as Arabic news sites mark breaking news. */
export const URGENT_LABEL = "عاجل";
const ICON = iconSrc("any", 192);
const BADGE = iconSrc("badge", 96);

/** The article a push names, and whether it says urgent, if its payload is one of ours; any other payload is just a wake-up. */
function namedArticle(data: PushMessageData | null): { id?: string; urgent: boolean } {
  try {
    const payload: unknown = data?.json();
    if (typeof payload === "object" && payload !== null && "id" in payload && typeof payload.id === "string") {
      return { id: payload.id, urgent: "urgent" in payload && payload.urgent === true };
    }
  } catch {
    // Empty or not JSON: fine.
  }
  return { urgent: false };
}

/** Shows the notification for a push, after `sync` has run. */
export async function notifyArrival(data: PushMessageData | null, synced: WorkerToPage): Promise<void> {
  const arrived = synced.type === "SYNCED" ? synced.arrived : [];
  const named = namedArticle(data);
  // Looked up by id: a push touches the few records it names, whatever the library's size.
  const byId = async (id: string | undefined) => (id ? articleById(id).catch(() => undefined) : undefined);
  const article =
    (await byId(named.id)) ??
    (await byId(arrived[0]?.id)) ??
    (await latestSummaries(1).catch(() => ({ items: [] }))).items[0];
  const count = Math.max(arrived.length, 1);
  if (article && (article.urgent || (named.urgent && article.id === named.id))) {
    // Breaking news stays on screen until the reader acts on it, under a tag of its own.
    await self.registration.showNotification(`${URGENT_LABEL}: ${article.title}`, {
      body: site.name,
      tag: `${URGENT_TAG_PREFIX}${article.id}`,
      requireInteraction: true,
      lang: "ar",
      dir: "rtl",
      icon: ICON,
      badge: BADGE,
      data: { url: articlePath(article.slug), urgent: true },
    });
    return;
  }
  // Chrome requires a visible notification for every push (userVisibleOnly).
  await self.registration.showNotification(article?.title ?? "وصلت أخبار جديدة", {
    body: count > 1 ? `${newArticlesArrived(count)} · ${site.name}` : site.name,
    tag: NOTIFICATION_TAG,
    lang: "ar",
    dir: "rtl",
    icon: ICON,
    badge: BADGE,
    data: { url: article ? articlePath(article.slug) : "/" },
  });
}

/** Opens the tapped article, in the reader's open window when there is one. */
export async function openFromNotification(notification: Notification): Promise<void> {
  notification.close();
  const path = typeof notification.data?.url === "string" && notification.data.url.startsWith("/") ? notification.data.url : "/";
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    const focused = await open.focus();
    await focused.navigate(url).catch(() => self.clients.openWindow(url));
    return;
  }
  await self.clients.openWindow(url);
}
