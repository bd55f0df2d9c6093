"use client";

import { useEffect, useState } from "react";
import { openLibrary } from "@/client/db";
import { toggleSaved } from "@/client/saved-articles";
import { formatArabicDate } from "@/lib/arabic/date";
import { articlePath } from "@/lib/article/model";
import { site } from "@/lib/site";

interface SavedItem {
  id: string;
  slug: string;
  title: string;
  publishedAt: string;
}

async function loadSaved(): Promise<SavedItem[]> {
  const db = await openLibrary();
  try {
    const entries = (await db.getAllFromIndex("saved", "by-saved")).reverse();
    const items: SavedItem[] = [];
    for (const entry of entries) {
      const record = await db.get("articles", entry.id);
      if (record) items.push({ id: entry.id, slug: record.article.slug, title: record.article.title, publishedAt: record.article.publishedAt });
    }
    return items;
  } finally {
    db.close();
  }
}

/** The reader's saved articles, newest saved first, read from the phone. */
export function SavedClient() {
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
            <p className="mbs-1 text-sm text-muted">{formatArabicDate(item.publishedAt, site.timeZone)}</p>
          </div>
          <button
            type="button"
            className="min-h-11 shrink-0 rounded-full border border-rule px-4 text-sm hover:bg-rule"
            onClick={async () => {
              await toggleSaved(item.id);
              setItems((list) => list?.filter((i) => i.id !== item.id));
            }}
          >
            أزل
          </button>
        </li>
      ))}
    </ul>
  );
}
