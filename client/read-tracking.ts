/** Opening an article counts it read: it leaves the unread set and the app badge. */
import { markRead, showBadge } from "./library/unread";

/** Marks the article open in this page (if any) read. */
export async function markOpenArticleRead(doc: Document): Promise<void> {
  const id = doc.querySelector<HTMLElement>("article[data-article-id]")?.dataset.articleId;
  if (!id) return;
  await showBadge(navigator, await markRead(id));
}
