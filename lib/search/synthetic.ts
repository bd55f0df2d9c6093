/**
 * A visibly synthetic corpus for measuring search: articles made of the seed
 * article's words, for the bench (scripts/bench/search.mjs) and the test that
 * indexes thousands of them. Deterministic: two runs make the same articles.
 * Pure: nothing from Node or the DOM.
 */
import type { Article } from "@/lib/article/model";

// Words of content/seed-article.txt, spelled as published (hamzas, shadda,
// ta marbuta), so folding and prefix stripping get real work to do.
const VOCABULARY = (
  "شهدت دمشق صباح الأحد كانون الأول مرحلة فارقة مع مرور نحو عاماً من الثورة وقرابة ستة عقود حكم النظام البائد حيث " +
  "انهارت خطوط الدفاع الرئيسية وتبدت أنباء هروب رأس أمام أعين السكان تزامناً زحف قوات إدارة العمليات العسكرية حمص " +
  "مساء يوم السبت تحركت غرفة عمليات الجنوب التي ضمت فصائل درعا والسويداء والقنيطرة وسيطرت على معظم محافظة فيما " +
  "انسحبت القنيطرة عليها والتي أسست لمرحلة حاسمة تستهدف العاصمة ومساء وصلت معركة ردع العدوان إلى أحياء واسعة " +
  "وفتحت الطريق البري بين الشمال والجنوب في حين بدأت علامات التفكك العسكري تظهر بوضوح وبدأ جنود يخلعون بزاتهم " +
  "ويتركون الحواجز وقت أجريت فيه اتصالات وجهاء المدينة وإدارة لضمان دخول هادئ وتجنّب الاشتباكات داخل الأحياء " +
  "المكتظة بالسكان وعلى الأطراف الجنوبية والغربية للعاصمة ظهرت أولى مظاهر الاحتفال برفع علم بينما ظل حالة ترقّب " +
  "وقلق حول مستقبل الأسد بعد منتصف ليل وبينما كانت الجبهات تتغيّر بسرعة الدائرة الضيقة تعيش واقعاً مختلفاً وهو ما " +
  "تكشّف لاحقاً سقوطه ذكرت وكالات أن الهارب بشار كشف خطته للفرار لعدد محدود للغاية المقرّبين أوهم القادة " +
  "العسكريين والأمنيين بأن دعم حلفائه طريقه وأن المعركة لا تزال تحت السيطرة وأكد أحد مساعدي المخلوع أبلغ مدير " +
  "مكتبه بأنه سيعود منزله لكنه اتجه مباشرة مطار غادر ابنه الأكبر حافظ قاعدة حميميم الروسية باللاذقية ومن هناك " +
  "موسكو زوجته أسماء وأبناؤهما انتظاره وتختلف الروايات تفاصيل رحلة لكن الثابت اختار الفرار تاركاً حلفاءه " +
  "والسياسيين سوريا واقع جديد وحرج ومع بزوغ الفجر دخلت انهيار الدفاعات للنظام المواقع السيادية بما فيها سجن " +
  "صيدنايا الشهير لتحرير المعتقلين وفي حي المالكي اقتحم مساكن عائلة وأزالوا الصور والتماثيل استمر التقدم المؤسسات " +
  "الحيوية وسط تنظيم الأهالي لأنفسهم الحد الأدنى استمرت الانتشار لتأمين الحكومية قصر الشعب ووزارة ورئاسة الأركان " +
  "حافظت لجان المجتمع الأهلي الحارات وتأمين المدارس وضبط حركة المرور إذ ساعد هذا التنسيق الشعبي استقرار الوضع " +
  "نسبياً ساعات الفوضى الأولية أعقبت وخلال القيادة الجديدة بالإشراف تشغيل واصلت دورها حماية المدنيين وتنظيم الحياة " +
  "اليومية عزز شعور بالسيطرة الأحداث وهروب رأسه هذه الأثناء امتدت التجمعات الشعبية ساحة الأمويين وعدد المدن " +
  "السورية أزيلت المعالم المرتبطة به ورفع العلم المباني والشوارع مشهد جسّد الانتقال تاريخ للبنان ٢٠٢٤ ٨"
).split(" ");

/** What a reader types, one keystroke at a time, in the bench. */
export const QUERIES = ["الثورة", "هروب الأسد", "تجنب الاشتباكات", "مطار دمشق", "بالسكان", "قوات ردع العدوان", "لبنان"];

// Deterministic, so two runs index the same corpus.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(next: () => number, count: number): string {
  return Array.from({ length: count }, () => VOCABULARY[Math.floor(next() * VOCABULARY.length)] ?? "").join(" ");
}

/**
 * A visibly synthetic article: headline «مقال تجريبي …», about 400 words of
 * the seed's vocabulary in six paragraphs. Its few hundred words put every
 * word in most articles: the worst case for the number of hits.
 */
export function syntheticArticle(n: number, next: () => number = random(n)): Article {
  const published = new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 730 * 86_400_000)).toISOString();
  return {
    id: `synthetic-${n}`,
    slug: `synthetic-${n}`,
    title: `مقال تجريبي ${n}: ${words(next, 6)}`,
    summary: `ملخص تجريبي: ${words(next, 20)}.`,
    blocks: Array.from({ length: 6 }, () => ({
      type: "paragraph" as const,
      children: [{ type: "text" as const, value: `${words(next, 40 + Math.floor(next() * 40))}.` }],
    })),
    publishedAt: published,
    updatedAt: published,
    revision: 1,
  };
}
