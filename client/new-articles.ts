/** Tells the open page that new articles arrived, with Arabic plural forms, and links to them. */
import { articlePath } from "@/lib/article/model";
import { newArticlesArrived } from "@/lib/arabic/plural";
import type { ArrivedArticle } from "./messages";
import { showToast } from "./toasts";

const LINKS_SHOWN = 3;

/** Shows «وصل مقال جديد» / «وصلت 3 مقالات جديدة» with the headlines; tapping shows them. */
export function announceArrivals(doc: Document, arrived: readonly ArrivedArticle[], total: number): void {
  if (total === 0) return;
  const onHome = location.pathname === "/";
  showToast(doc, {
    id: "arrivals",
    message: newArticlesArrived(total),
    links: arrived.slice(0, LINKS_SHOWN).map((a) => ({ label: a.title, href: articlePath(a.slug) })),
    actions: [
      { label: "إغلاق", onClick: () => undefined },
      onHome ? { label: "اعرضها", onClick: () => location.reload(), primary: true } : { label: "اعرضها", href: "/", primary: true },
    ],
  });
}
