"use client";

import { useEffect, useState } from "react";
import { savedSummaries, toggleSaved } from "@/client/library/saved";
import { formatArabicDate } from "@/lib/arabic/date";
import { articlePath } from "@/lib/article/model";

interface SavedItem {
  id: string;
  slug: string;
  title: string;
  publishedAt: string;
}

async function loadSaved(): Promise<SavedItem[]> {
  return (await savedSummaries()).map(({ id, slug, title, publishedAt }) => ({ id, slug, title, publishedAt }));
}

/**
 * The reader's saved articles, newest saved first, read from the phone.
 * `timeZone` comes from the server: the site's configuration is not in the page's bundle.
 */
export function SavedClient({ timeZone }: { timeZone: string }) {
  const [items, setItems] = useState<SavedItem[]>();

  useEffect(() => {
    loadSaved().then(setItems, () => setItems([]));
  }, []);

  if (!items) return <p className="mbs-6 text-muted">جارٍ التحميل…</p>;
  if (items.length === 0) {
    return (
      <p className="mbs-6 text-muted" data-saved-empty>
        لم تحفظ أي مقال بعد. اضغط «احفظ» في أي مقال لتجده هنا، حتى دون اتصال.
      </p>
    );
  }
  return (
    <ul className="mbs-4 divide-y divide-rule" role="list">
      {items.map((item) => (
        <li key={item.id} className="flex items-start justify-between gap-3 py-4" data-article-id={item.id}>
          <div>
            <a href={articlePath(item.slug)} className="font-serif text-lg font-bold hover:underline">
              {item.title}
            </a>
            <p className="mbs-1 text-sm text-muted">{formatArabicDate(item.publishedAt, timeZone)}</p>
          </div>
          <button
            type="button"
            className="min-h-11 shrink-0 rounded-full border border-rule px-4 text-sm hover:bg-rule"
            onClick={() => {
              toggleSaved(item.id).then(
                () => setItems((list) => list?.filter((i) => i.id !== item.id)),
                // Storage refused: the article stays listed, as it stays saved.
                () => undefined,
              );
            }}
          >
            أزل
          </button>
        </li>
      ))}
    </ul>
  );
}
