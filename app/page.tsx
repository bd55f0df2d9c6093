import { CONTINUE_READING_SLOT, renderArticleList } from "@/lib/article/render-page";
import { site } from "@/lib/site";
import { getStore } from "@/lib/store/open-store";

export const revalidate = 60;

const HOME_COUNT = 50;

export default async function HomePage() {
  const store = await getStore();
  const latest = await store.latest(HOME_COUNT);
  return (
    <section aria-labelledby="latest-heading" className="pt-6">
      <h1 id="latest-heading" className="text-2xl font-bold">
        آخر الأخبار
      </h1>
      <div dangerouslySetInnerHTML={{ __html: CONTINUE_READING_SLOT }} />
      {latest.length === 0 ? (
        <p className="mt-6 text-muted">لا مقالات منشورة بعد.</p>
      ) : (
        <div dangerouslySetInnerHTML={{ __html: renderArticleList(latest, site.timeZone) }} />
      )}
    </section>
  );
}
