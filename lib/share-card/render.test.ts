import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { CARD_HEIGHT, CARD_WIDTH } from "./card-path";
import { breakLines, layoutHeadline, renderArticleCard, renderSiteCard } from "./render";

/** The band of the card the headline may occupy (below the masthead band, above the bottom margin). */
const HEADLINE_ROWS = [172, 574] as const;
const RIGHT_MARGIN_EDGE = CARD_WIDTH - 72 - 1;

/** Columns of the headline band holding dark ink, as runs [from, to] left to right. */
async function inkRuns(png: Buffer, rows: readonly [number, number] = HEADLINE_ROWS): Promise<[number, number][]> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const runs: [number, number][] = [];
  let start = -1;
  for (let x = 0; x <= info.width; x++) {
    let ink = false;
    for (let y = rows[0]; x < info.width && y < rows[1] && !ink; y++) ink = data[y * info.width + x]! < 128;
    if (ink && start < 0) start = x;
    if (!ink && start >= 0) {
      runs.push([start, x - 1]);
      start = -1;
    }
  }
  return runs;
}

const ZWNJ = "\u200c";
// Letters without dots, so each joined word is one unbroken stroke.
const LONG_WORD = ["ل", "م", "ح", "م", "د"];
const SHORT_WORD = ["ح", "ل", "م"];

describe("share cards", () => {
  it("are 1200×630 PNGs, the site's card too", async () => {
    for (const png of [await renderArticleCard("مقال تجريبي: عنوان قصير"), await renderSiteCard()]) {
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", CARD_WIDTH, CARD_HEIGHT]);
    }
  });

  it("join Arabic letters and set words right to left from the right margin", async () => {
    const runs = await inkRuns(await renderArticleCard(`${LONG_WORD.join("")} ${SHORT_WORD.join("")}`));
    // Two unbroken words: joined letters leave no gap inside a word.
    expect(runs).toHaveLength(2);
    const [left, right] = runs as [[number, number], [number, number]];
    // The first word, the longer, is on the right, and the line starts at the margin.
    expect(right[1] - right[0]).toBeGreaterThan((left[1] - left[0]) * 1.3);
    expect(right[1]).toBeGreaterThanOrEqual(RIGHT_MARGIN_EDGE - 4);
  });

  it("tell unjoined letters apart (the check above can fail)", async () => {
    // The same letters kept apart by zero-width non-joiners: each stands alone.
    const runs = await inkRuns(await renderArticleCard(`${LONG_WORD.join(ZWNJ)} ${SHORT_WORD.join(ZWNJ)}`));
    expect(runs.length).toBe(LONG_WORD.length + SHORT_WORD.length);
  });

  it("set a headline that opens with a Latin name as an Arabic line, from the right", async () => {
    const runs = await inkRuns(await renderArticleCard("BBC: مقال تجريبي"));
    expect(runs.at(-1)![1]).toBeGreaterThanOrEqual(RIGHT_MARGIN_EDGE - 4);
    expect(runs[0]![0]).toBeGreaterThan(CARD_WIDTH / 3);
  });

  it("cut a long headline at a word, with «…», inside the card", async () => {
    const title = `مقال تجريبي: ${"عنوان طويل جدًا يتكرر ليملأ البطاقة ".repeat(8)}ونهايته هنا`;
    const { lines, complete } = await layoutHeadline(title);
    expect(complete).toBe(false);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.at(-1)).toMatch(/ …$/);
    const shown = lines.join(" ").replace(/ …$/, "");
    expect(title.startsWith(shown)).toBe(true);
    expect(title[shown.length]).toBe(" ");
    // Nothing drawn below the headline's area.
    expect(await inkRuns(await renderArticleCard(title), [HEADLINE_ROWS[1], CARD_HEIGHT])).toEqual([]);
  });

  it("fit a long site name and description in the card, cut with «…»", async () => {
    const name = "صحيفة تجريبية باسم طويل جدًا ".repeat(4).trim();
    const description = "وصف تجريبي طويل للموقع يتكرر مرات كثيرة ".repeat(8).trim();
    for (const png of [await renderArticleCard("مقال تجريبي", name), await renderSiteCard(name, description)]) {
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    }
  });

  it("keep a short headline whole", async () => {
    expect(await layoutHeadline("مقال تجريبي: عنوان قصير")).toEqual({ lines: ["مقال تجريبي: عنوان قصير"], size: 68, complete: true });
  });
});

describe("breakLines", () => {
  const fitsTen = async (line: string) => line.length <= 10;

  it("fills lines word by word", async () => {
    expect(await breakLines("أ ب ج د هـ و ز", 4, fitsTen)).toEqual({ lines: ["أ ب ج د هـ", "و ز"], complete: true });
  });

  it("cuts what does not fit on the last line with «…»", async () => {
    expect(await breakLines("كلمة كلمة كلمة كلمة كلمة", 2, fitsTen)).toEqual({ lines: ["كلمة كلمة", "كلمة …"], complete: false });
  });

  it("cuts a word longer than a line between letters, never between a letter and its marks", async () => {
    const { lines, complete } = await breakLines("مُحَمَّدٌمُحَمَّدٌ", 3, async (line) => line.length <= 8);
    expect(complete).toBe(false);
    // «مَّ» is one letter with two marks: it comes whole or not at all.
    expect(lines).toEqual(["مُحَمَّ…"]);
    expect(await breakLines("مُحَمَّدٌمُحَمَّدٌ", 3, async (line) => line.length <= 7)).toEqual({ lines: ["مُحَ…"], complete: false });
  });
});
