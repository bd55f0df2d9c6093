import { describe, expect, it } from "vitest";
import { MAX_QUERY_WORDS, needsMoreLetters, parseQuery } from "./query";

const units = (query: string): string[] => parseQuery(query).units.map((unit) => (unit.phrase ? `«${unit.text}»` : unit.text));

describe("parseQuery", () => {
  it("asks for every word, folded, with its prefix-stripped stems", () => {
    const { units: found } = parseQuery("والثورة دمشق ");
    expect(found.map((unit) => unit.words.map((word) => word.stems))).toEqual([[["والثوره", "الثوره", "ثوره"]], [["دمشق"]]]);
    expect(found.every((unit) => unit.words.every((word) => word.prefix === undefined))).toBe(true);
  });

  it("matches the word being typed, the last one with nothing after it, as a prefix of its shortest stem", () => {
    const [first, last] = parseQuery("هروب والثو").units;
    expect(first?.words[0]?.prefix).toBeUndefined();
    expect(last?.words[0]?.prefix).toBe("ثو");
    // A space or punctuation after it: the word is complete.
    expect(parseQuery("هروب والثو ").units[1]?.words[0]?.prefix).toBeUndefined();
    expect(parseQuery("هروب والثو،").units[1]?.words[0]?.prefix).toBeUndefined();
  });

  it("leaves out, until it grows, a word being typed that is only particles («ال»، «بال»، one letter)", () => {
    for (const query of ["ال", "بال", "الث", "ث", "وال", "هروب ال"]) expect(parseQuery(query).pending, query).toBe(true);
    expect(units("هروب ال")).toEqual(["هروب"]);
    expect(parseQuery("الثو").pending).toBe(false);
  });

  it("leaves function words out, alone or among other words", () => {
    expect(parseQuery("في من على")).toMatchObject({ units: [], ignored: ["في", "من", "على"] });
    expect(units("هروب الأسد من دمشق")).toEqual(["هروب", "الأسد", "دمشق"]);
    expect(parseQuery("زززق لا").ignored).toEqual(["لا"]);
    // Typed or not: «لا» on its way to «لاجئين» is «لا» until the third letter.
    expect(parseQuery("لا")).toMatchObject({ units: [], ignored: ["لا"] });
  });

  it("keeps «علي» the name, though «على» the preposition folds to it", () => {
    expect(units("علي دمشق")).toEqual(["علي", "دمشق"]);
    expect(units("على دمشق")).toEqual(["دمشق"]);
  });

  it("reads a phrase in straight quotes, guillemets or curly quotes, its function words kept in order", () => {
    expect(units('"هروب الأسد" دمشق')).toEqual(["«هروب الأسد»", "دمشق"]);
    expect(units("دمشق «في دمشق»")).toEqual(["دمشق", "«في دمشق»"]);
    expect(units("“قوات ردع العدوان”")).toEqual(["«قوات ردع العدوان»"]);
    expect(parseQuery("«في دمشق»").units[0]?.words.map((word) => word.functionWord)).toEqual([true, false]);
  });

  it("treats an open quote as a phrase still being typed, its last word a prefix", () => {
    const [phrase] = parseQuery('"هروب الأس').units;
    expect(phrase?.phrase).toBe(true);
    expect(phrase?.words.map((word) => word.prefix)).toEqual([undefined, "اس"]);
    // Its last word still too short: the phrase so far.
    expect(units('"قوات ردع ال')).toEqual(["«قوات ردع»"]);
  });

  it("reads a quoted single word as a word, and quoted function words alone as function words", () => {
    expect(parseQuery("«دمشق»").units).toMatchObject([{ phrase: false, text: "دمشق" }]);
    expect(parseQuery("«في من»")).toMatchObject({ units: [], ignored: ["في", "من"] });
  });

  it("takes a closing quote without an opening one for punctuation", () => {
    expect(units("دمشق» حمص")).toEqual(["دمشق", "حمص"]);
  });

  it("counts a repeated word once", () => {
    expect(units("دمشق دمشق ")).toEqual(["دمشق"]);
  });

  it("reads at most a dozen words", () => {
    const many = Array.from({ length: 20 }, (_, i) => `كلمة${i}`).join(" ");
    expect(parseQuery(many).units).toHaveLength(MAX_QUERY_WORDS);
  });
});

describe("needsMoreLetters", () => {
  it("is true only while the query is a word too short to search", () => {
    for (const query of ["ال", "بال", "الث", "ب", "با", "وا", "وب"]) expect(needsMoreLetters(query), query).toBe(true);
    for (const query of ["مط", "الثو", "ال ", "ققققق", "", "هروب ال", "لا"]) expect(needsMoreLetters(query), query).toBe(false);
  });
});
