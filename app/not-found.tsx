export default function NotFound() {
  return (
    <section className="py-16 text-center">
      <h1 className="text-3xl font-bold">الصفحة غير موجودة</h1>
      <p className="mt-4 text-muted">ربما نُقل المقال أو سُحب، أو في الرابط خطأ.</p>
      <p className="mt-8">
        <a href="/" className="inline-block rounded-full bg-brand px-6 py-3 font-bold text-brand-ink">
          العودة إلى آخر الأخبار
        </a>
      </p>
    </section>
  );
}
