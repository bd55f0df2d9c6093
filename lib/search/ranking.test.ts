import { describe, expect, it } from "vitest";
import { ASSAD, AVOID, REVOLUTION, article, ids, indexOf, seed } from "./articles.fixture";
import { searchArticles } from "./ranking";

describe("every word must match", () => {
  const index = indexOf(
    article("both", "خبر", ["تفاصيل هروب الأسد من القصر"]),
    article("one", "خبر", ["وصل الأسد إلى موسكو"]),
    article("other", "خبر", ["هروب جماعي من السجن"]),
  );

  it("finds only the articles that have every word, in any order and place", () => {
    expect(searchArticles(index, "هروب الأسد")).toMatchObject({ kind: "all", hits: [{ id: "both" }] });
    expect(ids(index, "الأسد هروب")).toEqual(["both"]);
  });

  it("folds and strips attached particles from every word first", () => {
    // «والاسد» (و, no hamza) and «بهروب» (ب) are the same words.
    expect(ids(index, "بهروب والاسد")).toEqual(["both"]);
  });

  it("matches the last word as a prefix while it is typed, the others only whole", () => {
    expect(ids(index, "هروب الأس")).toEqual(["both"]);
    // «الأس» complete (a space after it) is a word no article has.
    expect(searchArticles(index, "الأس هروب")).toMatchObject({ kind: "partial", missing: ["الأس"] });
  });

  it("searches the words typed so far while the last is too short to narrow anything", () => {
    expect(ids(index, "هروب ال")).toEqual(["both", "other"]);
    expect(searchArticles(index, "ال")).toMatchObject({ kind: "more-letters", hits: [] });
  });
});

describe("function words", () => {
  it("never match on their own: a query of only function words finds nothing and says why", () => {
    const index = indexOf(seed);
    for (const query of ["لا", "في من", "هذه التي ", "على"]) {
      expect(searchArticles(index, query), query).toMatchObject({ kind: "function-words", hits: [] });
    }
  });

  it("are ignored among other words: «لا» no longer finds the seed article for a nonsense word", () => {
    // The seed has «لا»; nothing has «زززقققغغغ».
    expect(searchArticles(indexOf(seed), "زززقققغغغ لا")).toMatchObject({ kind: "none", hits: [] });
    const index = indexOf(article("a", "خبر", ["هروب الأسد"]));
    expect(ids(index, "هروب من الأسد")).toEqual(["a"]);
    expect(ids(index, "الأسد في")).toEqual(["a"]);
  });

  it("are not what the word being typed expands to", () => {
    // «كانو» on its way to «كانون» must not find every article with «كانوا».
    const index = indexOf(article("a", "خبر", ["كانوا هناك"]), article("b", "خبر", ["في كانون الأول"]));
    expect(ids(index, "كانو")).toEqual(["b"]);
  });
});

describe("quoted phrases", () => {
  const index = indexOf(
    article("phrase", "خبر", ["أكدت المصادر هروب الأسد ليلاً"], { publishedAt: "2024-12-01T00:00:00Z" }),
    article("apart", "خبر", ["الأسد لم يعلن هروب أحد"], { publishedAt: "2024-12-09T00:00:00Z" }),
    article("broken", "خبر", ["وفي التفاصيل هروب", "الأسد في الصباح"]),
  );

  it("match the words in that order, next to each other, in straight quotes or guillemets", () => {
    expect(ids(index, '"هروب الأسد"')).toEqual(["phrase"]);
    expect(ids(index, "«هروب الأسد»")).toEqual(["phrase"]);
    expect(ids(index, "هروب الأسد")).toEqual(["apart", "broken", "phrase"]);
    expect(ids(index, "«الأسد هروب»")).toEqual([]);
  });

  it("never run from one paragraph into the next, nor from one list item into the next", () => {
    expect(ids(index, "«هروب الأسد»")).not.toContain("broken");
    const list = indexOf({
      ...article("list", "خبر", []),
      blocks: [{ type: "list", ordered: false, items: [[{ type: "text", value: "تفاصيل هروب" }], [{ type: "text", value: "الأسد ليلاً" }]] }],
    });
    expect(ids(list, "هروب الأسد")).toEqual(["list"]);
    expect(ids(list, "«هروب الأسد»")).toEqual([]);
  });

  it("keep their function words, in order", () => {
    const withIn = indexOf(article("in", "خبر", ["الاحتفال في دمشق"]), article("out", "خبر", ["دمشق في الاحتفال"]));
    expect(ids(withIn, "«في دمشق»")).toEqual(["in"]);
    // Folded and stripped like any word: «وفي» is «في».
    expect(ids(indexOf(article("w", "خبر", ["وفي دمشق احتفال"])), "«في دمشق»")).toEqual(["w"]);
  });

  it("combine with words, every one required", () => {
    expect(ids(index, "«هروب الأسد» ليلاً")).toEqual(["phrase"]);
    expect(searchArticles(index, "«هروب الأسد» الصباح")).toMatchObject({ kind: "partial", missing: [] });
  });

  it("match their last word as a prefix while the quote is open", () => {
    expect(ids(index, '"هروب الأس')).toEqual(["phrase"]);
  });
});

describe("when no article has every word", () => {
  const index = indexOf(
    article("two", "خبر", ["قوات ردع العدوان على أبواب دمشق"]),
    article("one", "خبر", ["قوات الأمن في حمص"]),
    article("none", "خبر", ["أسواق حلب"]),
  );

  it("offers the articles with the most of the words, and names the words no article has", () => {
    expect(searchArticles(index, "دمشق زززق")).toMatchObject({ kind: "partial", hits: [{ id: "two" }], missing: ["زززق"], words: 2 });
    // Two of three is the most any article has: «one» has only «قوات».
    expect(searchArticles(index, "قوات دمشق زززق")).toMatchObject({ kind: "partial", hits: [{ id: "two", matched: 2 }], missing: ["زززق"] });
  });

  it("names no word when every word is somewhere, only never together", () => {
    expect(searchArticles(index, "حمص حلب")).toMatchObject({ kind: "partial", missing: [] });
    expect(searchArticles(index, "حمص حلب").hits.map((hit) => hit.id).sort()).toEqual(["none", "one"]);
  });

  it("finds nothing when no article has any word", () => {
    expect(searchArticles(index, "زززق ققققق")).toMatchObject({ kind: "none", hits: [], missing: [] });
  });
});

describe("folding", () => {
  const index = indexOf(seed);

  it.each([
    ["hamza dropped", "الاسد"],
    ["shadda dropped", "تجنب"],
    ["ta marbuta typed as ha", "الثوره"],
    ["Arabic-Indic digits", "٢٠٢٤"],
    ["a word with ب + ال", "بالثورة"],
    ["a word with و + ال", "والأسد"],
    ["a word with ل + ال", "للسكان"],
    ["a bare stem", "ثورة"],
  ])("finds the seed: %s («%s»)", (_case, query) => {
    expect(ids(index, query)).toEqual(["seed"]);
  });

  it("does not match one-letter misspellings: «الأسد» is not «الأسر»", () => {
    expect(ids(indexOf(article("x", "خبر", ["عادت الأسر إلى بيوتها"])), "الأسد")).toEqual([]);
  });

  it("matches a word being typed after لل by both readings", () => {
    const lebanon = indexOf(article("l", "خبر", ["زيارة لبنان"]), article("s", "خبر", ["حاجات السكان"]));
    expect(ids(lebanon, "للبن")).toEqual(["l"]);
    expect(ids(lebanon, "للسك")).toEqual(["s"]);
  });

  it("finds the seed paragraphs' words as the reader types them", () => {
    expect(ids(indexOf(article("p", "خبر", [REVOLUTION, AVOID, ASSAD])), "تجنب الاشتباكات بالسك")).toEqual(["p"]);
  });
});

describe("ranking", () => {
  it("puts a headline match first, even an older one", () => {
    const index = indexOf(
      article("body", "أخبار اليوم", ["تحدث التقرير عن الأسد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("title", "هروب الأسد", ["تقرير"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    const { hits } = searchArticles(index, "الأسد");
    expect(hits.map((h) => [h.id, h.titleMatches])).toEqual([
      ["title", 1],
      ["body", 0],
    ]);
  });

  it("puts more of the query in the headline before less", () => {
    const index = indexOf(
      article("one", "الأسد", ["هروب"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("both", "هروب الأسد", ["تقرير"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    expect(ids(index, "هروب الأسد")).toEqual(["both", "one"]);
  });

  it("then match quality: the word being typed found whole before found only as a prefix", () => {
    const index = indexOf(
      article("longer", "خبر", ["مطارات البلاد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("whole", "خبر", ["مطار دمشق"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    expect(searchArticles(index, "مطار").hits.map((h) => [h.id, h.exact])).toEqual([
      ["whole", 1],
      ["longer", 0],
    ]);
  });

  it("then the newest first", () => {
    const index = indexOf(
      article("old", "خبر", ["دمشق"], { publishedAt: "2024-01-01T00:00:00Z" }),
      article("new", "خبر", ["دمشق"], { publishedAt: "2024-12-31T00:00:00Z" }),
      article("mid", "خبر", ["دمشق"], { publishedAt: "2024-06-01T00:00:00Z" }),
    );
    expect(ids(index, "دمشق")).toEqual(["new", "mid", "old"]);
  });

  it("counts a phrase in the headline as a headline match", () => {
    const index = indexOf(
      article("body", "خبر", ["هروب الأسد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("title", "هروب الأسد", ["تقرير"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    expect(ids(index, "«هروب الأسد»")).toEqual(["title", "body"]);
  });

  it("ranks the partial matches the same way", () => {
    const index = indexOf(
      article("body", "خبر", ["الأسد"], { publishedAt: "2024-12-09T00:00:00Z" }),
      article("title", "الأسد", ["تقرير"], { publishedAt: "2024-12-01T00:00:00Z" }),
    );
    expect(searchArticles(index, "الأسد زززق")).toMatchObject({ kind: "partial", hits: [{ id: "title" }, { id: "body" }] });
  });
});
