/**
 * Arabic count phrases. The noun's form depends on the number (dual, 3–10
 * plural, 11–99 accusative singular, hundreds genitive singular), so the
 * phrase is chosen by the CLDR plural category rather than by hand-written
 * ranges. Pure: imports nothing from Node or the DOM.
 */

/** One phrase per CLDR plural category; `{n}` is replaced by the count. */
export type PluralForms = Record<Intl.LDMLPluralRule, string>;

const rules = new Intl.PluralRules("ar");

/** The phrase for `count` from `forms`, by Arabic plural category, with `{n}` in Western digits. */
export function pluralPhrase(count: number, forms: PluralForms): string {
  if (!Number.isFinite(count)) throw new RangeError(`Cannot phrase a count of ${count}`);
  // String(), not toLocaleString("ar"), because the newspaper prints Western digits.
  return forms[rules.select(count)].replaceAll("{n}", String(count));
}

const ARTICLES: PluralForms = {
  zero: "لا مقالات",
  one: "مقال واحد",
  two: "مقالان",
  few: "{n} مقالات",
  many: "{n} مقالًا",
  other: "{n} مقال",
};

/** A count of articles, e.g. «3 مقالات». */
export function articlesCount(n: number): string {
  return pluralPhrase(n, ARTICLES);
}

// The verb agrees with the counted noun: feminine before the broken plural of
// a non-human noun (3–10), masculine where the noun stays singular or dual.
const NEW_ARTICLES_ARRIVED: PluralForms = {
  zero: "لم تصل مقالات جديدة",
  one: "وصل مقال جديد",
  two: "وصل مقالان جديدان",
  few: "وصلت {n} مقالات جديدة",
  many: "وصل {n} مقالًا جديدًا",
  other: "وصل {n} مقال جديد",
};

/** The notice that new articles arrived, e.g. «وصلت 3 مقالات جديدة». */
export function newArticlesArrived(n: number): string {
  return pluralPhrase(n, NEW_ARTICLES_ARRIVED);
}

// «دقيقة قراءة», a construct: the dual drops its nūn («دقيقتا قراءة»), and
// 11 and up take the singular.
const READING_MINUTES: PluralForms = {
  zero: "أقل من دقيقة قراءة",
  one: "دقيقة قراءة",
  two: "دقيقتا قراءة",
  few: "{n} دقائق قراءة",
  many: "{n} دقيقة قراءة",
  other: "{n} دقيقة قراءة",
};

/** How long an article takes to read, e.g. «5 دقائق قراءة». */
export function readingMinutes(n: number): string {
  return pluralPhrase(n, READING_MINUTES);
}

const IMAGES: PluralForms = {
  zero: "لا صور",
  one: "صورة واحدة",
  two: "صورتان",
  few: "{n} صور",
  many: "{n} صورة",
  other: "{n} صورة",
};

/** A count of pictures, e.g. «3 صور». */
export function imagesCount(n: number): string {
  return pluralPhrase(n, IMAGES);
}
