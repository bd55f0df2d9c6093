/** Opening an article counts it read: it leaves the unread set and the app badge. */
import { markRead, openLibrary, showBadge } from "./db";

/** Marks the article open in this page (if any) read. */
export async function markOpenArticleRead(doc: Document): Promise<void> {
  const id = doc.querySelector<HTMLElement>("article[data-article-id]")?.dataset.articleId;
  if (!id) return;
  const db = await openLibrary();
  try {
    await showBadge(navigator, await markRead(db, id));
  } finally {
    db.close();
  }
}
