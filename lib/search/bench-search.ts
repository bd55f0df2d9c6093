/**
 * Micro-benchmark for offline search, not a test: builds a visibly synthetic
 * corpus from the seed article's words and times what a reader feels.
 * Pure like the index, so it can run in Node (tsx) or in a browser worker.
 */
import type { Article } from "@/lib/article/model";
import {
  addOrReplace,
  createArticleIndex,
  highlightSnippet,
  loadIndex,
  needsMoreLetters,
  remove,
  searchArticles,
  searchableDocument,
  serializeIndex,
} from "./article-index";

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

/** What a reader types, one keystroke at a time; the page bench (scripts/bench/search.mjs) types the same. */
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

type Vocabulary = "seed" | "large";

// The seed's few hundred words put every word in most articles: the worst
// case for the number of hits. A real archive has instead a long tail of
// terms: "large" draws 40,000 made-up letter strings (Zipf-like, with the
// usual attached particles) to stress prefix expansion over ~170,000 terms.
const LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهوي";
const PARTICLES = ["ال", "ال", "ال", "و", "وال", "بال", "لل", "ب", "ل"];
let largeVocabulary: string[] | undefined;

function pseudoWords(): string[] {
  if (largeVocabulary) return largeVocabulary;
  const next = random(40_000);
  largeVocabulary = Array.from({ length: 40_000 }, () => {
    let word = "";
    for (let n = 3 + Math.floor(next() * 5); n > 0; n--) word += LETTERS[Math.floor(next() * LETTERS.length)] ?? "";
    return word;
  });
  return largeVocabulary;
}

function words(next: () => number, count: number, vocabulary: Vocabulary = "seed"): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (vocabulary === "seed") {
      out.push(VOCABULARY[Math.floor(next() * VOCABULARY.length)] ?? "");
      continue;
    }
    const pool = pseudoWords();
    const rank = Math.min(pool.length - 1, Math.floor(Math.exp(next() * Math.log(pool.length))) - 1);
    const particle = next() < 0.45 ? (PARTICLES[Math.floor(next() * PARTICLES.length)] ?? "") : "";
    // One real seed word in eight, so real queries still find something.
    out.push(next() < 0.125 ? (VOCABULARY[Math.floor(next() * VOCABULARY.length)] ?? "") : `${particle}${pool[rank] ?? ""}`);
  }
  return out.join(" ");
}

/** A visibly synthetic article: headline «مقال تجريبي …», about 400 words of seed (or made-up) vocabulary in six paragraphs. */
export function syntheticArticle(n: number, next: () => number = random(n), vocabulary: Vocabulary = "seed"): Article {
  const published = new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 730 * 86_400_000)).toISOString();
  return {
    id: `synthetic-${n}`,
    slug: `synthetic-${n}`,
    title: `مقال تجريبي ${n}: ${words(next, 6, vocabulary)}`,
    summary: `ملخص تجريبي: ${words(next, 20, vocabulary)}.`,
    blocks: Array.from({ length: 6 }, () => ({
      type: "paragraph" as const,
      children: [{ type: "text" as const, value: `${words(next, 40 + Math.floor(next() * 40), vocabulary)}.` }],
    })),
    publishedAt: published,
    updatedAt: published,
    revision: 1,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Per-keystroke search latency and index costs over n synthetic articles; times in milliseconds. */
export async function benchSearch(
  n = 5000,
  { vocabulary = "seed" }: { vocabulary?: Vocabulary } = {},
): Promise<{
  articles: number;
  keystrokes: number;
  median: number;
  p95: number;
  max: number;
  /** Over the keystrokes that ran a search (not those waiting for more letters). */
  searchingMedian: number;
  searchingP95: number;
  slowest: string;
  withSnippetsMedian: number;
  withSnippetsP95: number;
  buildMs: number;
  addOneMs: number;
  replaceOneMs: number;
  removeOneMs: number;
  serializeMs: number;
  loadMs: number;
  indexBytes: number;
  terms: number;
}> {
  const next = random(2024);
  const articles = Array.from({ length: n }, (_, i) => syntheticArticle(i, next, vocabulary));
  const texts = new Map(articles.map((a) => [a.id, searchableDocument(a).text]));

  const index = createArticleIndex();
  let t = performance.now();
  for (const article of articles) addOrReplace(index, article);
  const buildMs = performance.now() - t;

  // Every prefix of every query, as the reader types it.
  const keystrokes = QUERIES.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)));
  // Warm the JIT and the lazy clean-up, as a reader's first keystroke would not.
  for (const q of keystrokes) searchArticles(index, q, { limit: 20 });

  const times: number[] = [];
  const searching: number[] = [];
  const withSnippets: number[] = [];
  let slowest: [string, number] = ["", 0];
  for (let round = 0; round < 5; round++) {
    for (const q of keystrokes) {
      t = performance.now();
      const hits = searchArticles(index, q, { limit: 20 });
      const ms = performance.now() - t;
      times.push(ms);
      if (!needsMoreLetters(q)) searching.push(ms);
      if (ms > slowest[1]) slowest = [q, ms];
      // What the results list also pays per keystroke: snippets for the first screen.
      for (const hit of hits.slice(0, 10)) highlightSnippet(texts.get(hit.id) ?? "", q);
      withSnippets.push(performance.now() - t);
    }
  }
  for (const list of [times, searching, withSnippets]) list.sort((a, b) => a - b);

  t = performance.now();
  addOrReplace(index, syntheticArticle(n, random(n), vocabulary));
  const addOneMs = performance.now() - t;
  const edited = { ...syntheticArticle(n + 1, random(7), vocabulary), id: "synthetic-0", revision: 2 };
  t = performance.now();
  addOrReplace(index, edited);
  const replaceOneMs = performance.now() - t;
  t = performance.now();
  remove(index, "synthetic-1");
  const removeOneMs = performance.now() - t;

  t = performance.now();
  const json = serializeIndex(index);
  const serializeMs = performance.now() - t;
  t = performance.now();
  const loaded = loadIndex(json);
  const loadMs = performance.now() - t;
  if (!loaded) throw new Error("the serialized index did not load");

  return {
    articles: n,
    keystrokes: times.length,
    median: round(percentile(times, 0.5)),
    p95: round(percentile(times, 0.95)),
    max: round(times[times.length - 1] ?? 0),
    searchingMedian: round(percentile(searching, 0.5)),
    searchingP95: round(percentile(searching, 0.95)),
    slowest: `${slowest[0]} (${round(slowest[1])} ms)`,
    withSnippetsMedian: round(percentile(withSnippets, 0.5)),
    withSnippetsP95: round(percentile(withSnippets, 0.95)),
    buildMs: Math.round(buildMs),
    addOneMs: round(addOneMs),
    replaceOneMs: round(replaceOneMs),
    removeOneMs: round(removeOneMs),
    serializeMs: Math.round(serializeMs),
    loadMs: Math.round(loadMs),
    indexBytes: new TextEncoder().encode(json).length,
    terms: index.termCount,
  };
}
