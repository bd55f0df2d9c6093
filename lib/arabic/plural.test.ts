import { describe, expect, it } from "vitest";
import { articlesCount, newArticlesArrived, pluralPhrase, readingMinutes } from "./plural";
import type { PluralForms } from "./plural";

const rules = new Intl.PluralRules("ar");

// The categories are Intl's, not ours: this pins what the phrases below assume.
describe("Intl.PluralRules('ar') categories", () => {
  it.each([
    [0, "zero"],
    [1, "one"],
    [2, "two"],
    [3, "few"],
    [10, "few"],
    [11, "many"],
    [99, "many"],
    [100, "other"],
    [101, "other"],
    [102, "other"],
    [103, "few"],
    [111, "many"],
  ])("%i is %s", (n, category) => {
    expect(rules.select(n)).toBe(category);
  });
});

describe("articlesCount", () => {
  it.each([
    [0, "لا مقالات"],
    [1, "مقال واحد"],
    [2, "مقالان"],
    [3, "3 مقالات"],
    [10, "10 مقالات"],
    [11, "11 مقالًا"],
    [99, "99 مقالًا"],
    [100, "100 مقال"],
    [101, "101 مقال"],
    [102, "102 مقال"],
    [103, "103 مقالات"],
    [111, "111 مقالًا"],
  ])("%i → %s", (n, phrase) => {
    expect(articlesCount(n)).toBe(phrase);
  });
});

describe("newArticlesArrived", () => {
  it.each([
    [0, "لم تصل مقالات جديدة"],
    [1, "وصل مقال جديد"],
    [2, "وصل مقالان جديدان"],
    [3, "وصلت 3 مقالات جديدة"],
    [10, "وصلت 10 مقالات جديدة"],
    [11, "وصل 11 مقالًا جديدًا"],
    [99, "وصل 99 مقالًا جديدًا"],
    [100, "وصل 100 مقال جديد"],
    [101, "وصل 101 مقال جديد"],
    [102, "وصل 102 مقال جديد"],
    [103, "وصلت 103 مقالات جديدة"],
    [111, "وصل 111 مقالًا جديدًا"],
  ])("%i → %s", (n, phrase) => {
    expect(newArticlesArrived(n)).toBe(phrase);
  });
});

describe("pluralPhrase", () => {
  const forms: PluralForms = {
    zero: "zero {n}",
    one: "one {n}",
    two: "two {n}",
    few: "few {n}",
    many: "many {n}/{n}",
    other: "other {n}",
  };

  it("picks the form by Intl category and fills every {n} with Western digits", () => {
    expect(pluralPhrase(0, forms)).toBe("zero 0");
    expect(pluralPhrase(1, forms)).toBe("one 1");
    expect(pluralPhrase(2, forms)).toBe("two 2");
    expect(pluralPhrase(1003, forms)).toBe("few 1003");
    expect(pluralPhrase(1011, forms)).toBe("many 1011/1011");
    expect(pluralPhrase(1000, forms)).toBe("other 1000");
  });

  it("rejects counts that are not finite", () => {
    expect(() => pluralPhrase(Number.NaN, forms)).toThrow(RangeError);
    expect(() => pluralPhrase(Number.POSITIVE_INFINITY, forms)).toThrow(RangeError);
  });
});

describe("readingMinutes", () => {
  it.each([
    [1, "دقيقة قراءة"],
    [2, "دقيقتا قراءة"],
    [3, "3 دقائق قراءة"],
    [5, "5 دقائق قراءة"],
    [10, "10 دقائق قراءة"],
    [11, "11 دقيقة قراءة"],
    [25, "25 دقيقة قراءة"],
    [100, "100 دقيقة قراءة"],
  ])("%i → %s", (n, phrase) => {
    expect(readingMinutes(n)).toBe(phrase);
  });
});
