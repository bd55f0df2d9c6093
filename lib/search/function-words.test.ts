import { describe, expect, it } from "vitest";
import { foldArabic } from "@/lib/arabic/fold";
import { FUNCTION_WORDS, functionWordSpellings, isFunctionWord } from "./function-words";

describe("isFunctionWord", () => {
  it.each(["في", "من", "عن", "أن", "لا", "ما", "هذا", "هذه", "التي", "الذي", "مع", "كان", "قد", "ثم", "أو", "و"])(
    "«%s» is a function word however it is spelled",
    (word) => {
      expect(isFunctionWord(foldArabic(word), word)).toBe(true);
    },
  );

  it("reads hamza and diacritics the way the index folds them", () => {
    // «الى» typed without the hamza, «أنّ» with a shadda, «أيضاً» with tanwin.
    for (const typed of ["الى", "إلى", "أنّ", "أيضاً"]) expect(isFunctionWord(foldArabic(typed), typed), typed).toBe(true);
  });

  it("counts a function word after an attached و or ف", () => {
    for (const typed of ["وفي", "فقد", "ولا", "وهذه", "والتي", "فإن"]) expect(isFunctionWord(foldArabic(typed), typed), typed).toBe(true);
  });

  it("tells «على» from the name «علي», which fold alike, by the ى the reader typed", () => {
    expect(isFunctionWord(foldArabic("على"), "على")).toBe(true);
    expect(isFunctionWord(foldArabic("علي"), "علي")).toBe(false);
    expect(isFunctionWord(foldArabic("إلى"), "إلى")).toBe(true);
    expect(isFunctionWord(foldArabic("آلي"), "آلي")).toBe(false);
    // In the text the spelling is gone: «علي» stays searchable.
    expect(isFunctionWord("علي")).toBe(false);
  });

  it("leaves alone words that only look like a particle and a function word", () => {
    // فهم understanding, وهم illusion, وهن weakness; دمشق, الثورة.
    for (const word of ["فهم", "وهم", "وهن", "دمشق", "الثورة", "لبنان", "قوات"]) expect(isFunctionWord(foldArabic(word), word), word).toBe(false);
  });

  it("lists as spellings exactly what it accepts from the text", () => {
    const spellings = functionWordSpellings();
    for (const spelling of spellings) expect(isFunctionWord(spelling), spelling).toBe(true);
    for (const word of FUNCTION_WORDS) {
      const folded = foldArabic(word);
      expect(spellings.includes(folded), word).toBe(isFunctionWord(folded));
      expect(spellings.includes(`و${folded}`), `و${word}`).toBe(isFunctionWord(`و${folded}`));
    }
  });
});
