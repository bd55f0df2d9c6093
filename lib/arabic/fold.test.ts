import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { foldArabic, foldWithOffsets, searchTerms, stripPrefixes, tokenize } from "./fold";

describe("foldArabic", () => {
  it.each([
    // [rule, input, folded]
    ["hamza above alef", "الأسد", "الاسد"],
    ["hamza below alef", "إسلام", "اسلام"],
    ["madda alef", "آذار", "اذار"],
    ["wasla alef", "ٱلكتاب", "الكتاب"],
    ["alef maqsura", "مستشفى", "مستشفي"],
    ["ta marbuta", "الثورة", "الثوره"],
    ["waw with hamza", "مؤتمر", "موتمر"],
    ["yeh with hamza", "رئيس", "رييس"],
    ["tatweel", "الـــسلام", "السلام"],
    ["shadda", "تجنّب", "تجنب"],
    ["superscript alef", "هٰذا", "هذا"],
    ["full vocalisation", "السَّلَامُ عَلَيْكُمْ", "السلام عليكم"],
    ["Quranic marks", "الرحيم\u06D6 قال\u06ED", "الرحيم قال"],
    ["Arabic-Indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"],
    ["Persian digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"],
    ["mixed digits", "عام ٢٠٢٤ و۲۰۲۵", "عام 2024 و2025"],
    ["Latin lower-case", "BBC News", "bbc news"],
    ["whitespace runs", "  أخبار \t\n اليوم  ", "اخبار اليوم"],
    ["invisible marks", "ال\u200Cثورة\u200F", "الثوره"],
  ])("%s: %s → %s", (_rule, input, folded) => {
    expect(foldArabic(input)).toBe(folded);
  });

  it.each(
    Array.from({ length: 0x065f - 0x064b + 1 }, (_, i) => 0x064b + i).map((cp) => [
      cp.toString(16).toUpperCase(),
      String.fromCodePoint(cp),
    ]),
  )("removes mark U+%s", (_hex, mark) => {
    expect(foldArabic(`كت${mark}ب`)).toBe("كتب");
  });

  it.each(
    Array.from({ length: 0x06ed - 0x06d6 + 1 }, (_, i) => 0x06d6 + i).map((cp) => [
      cp.toString(16).toUpperCase(),
      String.fromCodePoint(cp),
    ]),
  )("removes Quranic mark U+%s", (_hex, mark) => {
    expect(foldArabic(`كت${mark}ب`)).toBe("كتب");
  });

  it("matches the spellings a reader would type", () => {
    expect(foldArabic("الاسد")).toBe(foldArabic("الأسد"));
    expect(foldArabic("تجنب")).toBe(foldArabic("تجنّب"));
    expect(foldArabic("الثوره")).toBe(foldArabic("الثورة"));
    expect(foldArabic("مستشفي")).toBe(foldArabic("مستشفى"));
  });

  it.each([
    ["isolated/final/initial/medial forms (U+FE70–FEFF)", "\uFE8D\uFEDF\uFEB4\uFEFC\uFEE1", "السلام"],
    ["lam-alef ligature", "\uFEFB", "لا"],
    ["hamza forms in presentation block", "\uFE83\uFE87\uFE81", "ااا"],
    ["ta marbuta and alef maqsura forms", "\uFE93\uFEEF", "هي"],
    ["wasla form (U+FB50–FDFF)", "\uFB50\uFEDF\uFED8\uFEAA\uFEB2", "القدس"],
    ["word ligature", "\uFDF2", "الله"],
    ["composed by NFKC before folding", "\u0627\u0653", "ا"],
  ])("folds %s", (_rule, input, folded) => {
    expect(foldArabic(input)).toBe(folded);
  });

  it("is idempotent", () => {
    const once = foldArabic("وَالثَّوْرَةُ السُّورِيَّةُ ٢٠١١");
    expect(foldArabic(once)).toBe(once);
  });
});

describe("tokenize", () => {
  it("folds and splits on anything that is not a letter or digit", () => {
    expect(tokenize("قال الرئيسُ: «الثورة مستمرة» (٢٠١١)، أليس كذلك؟")).toEqual([
      "قال",
      "الرييس",
      "الثوره",
      "مستمره",
      "2011",
      "اليس",
      "كذلك",
    ]);
  });

  it("keeps Latin words and numbers and drops empties", () => {
    expect(tokenize("  COVID-19 -- ")).toEqual(["covid", "19"]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("...")).toEqual([]);
  });

  it("does not split a word at a diacritic or tatweel", () => {
    expect(tokenize("الـمَدينة")).toEqual(["المدينه"]);
  });
});

describe("stripPrefixes", () => {
  it.each([
    ["و", "وقال", ["وقال", "قال"]],
    ["ف", "فقال", ["فقال", "قال"]],
    ["ب", "بسرعه", ["بسرعه", "سرعه"]],
    ["ك", "كطفل", ["كطفل", "طفل"]],
    ["ل", "لسوريا", ["لسوريا", "سوريا"]],
    ["ال", "الثوره", ["الثوره", "ثوره"]],
    ["وال", "والثوره", ["والثوره", "الثوره", "ثوره"]],
    ["فال", "فالثوره", ["فالثوره", "الثوره", "ثوره"]],
    ["بال", "بالقوات", ["بالقوات", "القوات", "قوات"]],
    ["كال", "كالقوات", ["كالقوات", "القوات", "قوات"]],
    ["لل", "للسكان", ["للسكان", "لسكان", "سكان"]],
    ["ولل", "وللسكان", ["وللسكان", "للسكان", "لسكان", "سكان"]],
    ["فلل", "فللسكان", ["فللسكان", "للسكان", "لسكان", "سكان"]],
    ["وب", "وبسرعه", ["وبسرعه", "بسرعه", "سرعه"]],
    ["فب", "فبسرعه", ["فبسرعه", "بسرعه", "سرعه"]],
    ["ول", "ولسوريا", ["ولسوريا", "لسوريا", "سوريا"]],
    ["فل", "فلسوريا", ["فلسوريا", "لسوريا", "سوريا"]],
    ["وك", "وكطفل", ["وكطفل", "كطفل", "طفل"]],
    ["فك", "فكطفل", ["فكطفل", "كطفل", "طفل"]],
    ["وبال", "وبالقوات", ["وبالقوات", "بالقوات", "القوات", "قوات"]],
    ["فبال", "فبالقوات", ["فبالقوات", "بالقوات", "القوات", "قوات"]],
    ["وكال", "وكالقوات", ["وكالقوات", "كالقوات", "القوات", "قوات"]],
    ["فكال", "فكالقوات", ["فكالقوات", "كالقوات", "القوات", "قوات"]],
  ])("strips %s: %s", (_prefix, token, stems) => {
    expect(stripPrefixes(token)).toEqual(stems);
  });

  it.each([
    ["a root that starts with و", "ولد", ["ولد"]],
    ["a root that starts with ب", "بلد", ["بلد"]],
    ["a root that starts with ك", "كلب", ["كلب"]],
    ["a two-letter stem after the article", "والدم", ["والدم", "الدم", "دم"]],
    ["a one-letter stem after the article", "الم", ["الم"]],
    ["a lone particle", "و", ["و"]],
    ["a lone لل", "لل", ["لل"]],
    ["a Latin word", "news", ["news"]],
    ["a number", "2024", ["2024"]],
  ])("never strips too far: %s", (_case, token, stems) => {
    expect(stripPrefixes(token)).toEqual(stems);
  });

  it.each([
    ["ل before a word that starts with ل", "للبنان", ["للبنان", "لبنان", "بنان"]],
    ["و + ل before a word that starts with ل", "وللبنان", ["وللبنان", "للبنان", "لبنان", "بنان"]],
  ])("keeps both readings of لل: %s", (_case, token, stems) => {
    expect(stripPrefixes(token)).toEqual(stems);
  });

  it("lets a query «لبنان» find «للبنان»", () => {
    expect(searchTerms("زيارة للبنان")).toContain(stripPrefixes("لبنان")[0]);
  });

  it("always returns the token itself first", () => {
    for (const token of ["والثوره", "للسكان", "ولد", "قوات"]) {
      expect(stripPrefixes(token)[0]).toBe(token);
    }
  });
});

describe("searchTerms", () => {
  it("indexes each token with its stems, once each", () => {
    expect(searchTerms("والثورة، الثورة بالقوات")).toEqual(["والثوره", "الثوره", "ثوره", "بالقوات", "القوات", "قوات"]);
  });

  it("lets a query word, stemmed the same way, find a prefixed, vocalised word", () => {
    const terms = searchTerms("وبالأَسَدِ وللسكّان");
    for (const query of ["الأسد", "اسد", "السكان", "سكان"]) {
      const stems = tokenize(query).flatMap(stripPrefixes);
      expect(stems.some((stem) => terms.includes(stem)), query).toBe(true);
    }
  });
});

describe("foldWithOffsets", () => {
  const seed = readFileSync(new URL("../../content/seed-article.txt", import.meta.url), "utf8");

  it.each([
    ["vocalised text", "السَّلَامُ عَلَيْكُمْ"],
    ["hamzas and ta marbuta", "الأسد والثورة ومؤتمر رئيس"],
    ["tatweel and invisible marks", "الـــسلام ال\u200Cثورة\u200F"],
    ["digits", "عام ٢٠٢٤ و۲۰۲۵"],
    ["presentation forms and ligatures", "\uFE8D\uFEDF\uFEB4\uFEFC\uFEE1 \uFDF2 \uFEFB"],
    ["a composing mark", "\u0627\u0653\u064A\u0654"],
    ["a stray leading mark", "\u064Eكتب"],
    ["the seed article", seed],
  ])("folds %s as foldArabic does", (_case, text) => {
    expect(foldWithOffsets(text).folded.replace(/\s+/g, " ").trim()).toBe(foldArabic(text));
  });

  it("maps each folded letter back to the original letter and its marks", () => {
    const text = "وتجنّب الأسد";
    const { folded, starts, ends } = foldWithOffsets(text);
    expect(folded).toBe("وتجنب الاسد");
    expect(starts).toHaveLength(folded.length);
    expect(ends).toHaveLength(folded.length);
    const word = folded.indexOf("تجنب");
    const last = word + "تجنب".length - 1;
    expect(text.slice(starts[word], ends[last])).toBe("تجنّب");
    const lion = folded.indexOf("الاسد");
    expect(text.slice(starts[lion], ends[lion + 4])).toBe("الأسد");
  });

  it("skips tatweel without losing the letters around it", () => {
    const text = "الـــسلام";
    const { folded, starts, ends } = foldWithOffsets(text);
    expect(folded).toBe("السلام");
    expect(text.slice(starts[0], ends[folded.length - 1])).toBe(text);
  });
});
