/**
 * How deep and how tangled a Markdown body may be, checked in one linear pass
 * before the parser sees it.
 *
 * micromark is neither linear nor iterative on hostile input: a run of 3,000
 * `*` around a word takes about a second and nests 1,500 levels deep, 12 KB of
 * it overflows later recursive walks, and nested quotes, nested list items and
 * unpaired emphasis marks all cost time quadratic in their count. This pass
 * over-approximates what the parser would build (container nesting per line,
 * and CommonMark's emphasis and bracket pairing, simplified) and refuses a body
 * before parsing when it is beyond the limits, so a refusal takes
 * milliseconds. markdown.ts checks the parsed tree again exactly, so anything
 * this pass lets through is still held to the same limits.
 */
import { MAX_INLINE_DEPTH } from "./model";

/** The deepest nesting of quotes and lists (a list inside a quote is 2). */
export const MAX_BLOCK_DEPTH = 8;
/** Emphasis, bracket or backtick marks in one paragraph that find no partner (each costs the parser a scan). */
export const MAX_UNPAIRED_MARKS = 64;
/** Lines in a body: micromark spends tens of microseconds on each line and each paragraph, however short. */
export const MAX_LINES = 50_000;
/** List items that follow an item holding a nested list or quote (each costs the parser a pass over the document). */
export const MAX_NESTED_ITEM_BREAKS = 200;
/**
 * Sum over paragraphs of (marks × characters): pairing a mark rewrites the
 * paragraph's token list, and an unfinished link scans to the paragraph's
 * end, so a long paragraph dense with marks is quadratic. At most about 5 s of
 * parsing on a slow, loaded machine; a 1 MB article in ordinary paragraphs
 * uses about a tenth of it.
 */
export const MAX_MARK_WORK = 1_000_000_000;

/** A body beyond the limits; the message is for the author (Arabic). */
export class MarkdownLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MarkdownLimitError";
  }
}

export const LIMIT_MESSAGES = {
  inlineDepth: `التنسيق متداخل أعمق من ${MAX_INLINE_DEPTH} مستوًى (غامق أو مائل أو رابط أو أقواس [ ] داخل بعضها)`,
  blockDepth: `الاقتباسات والقوائم متداخلة أعمق من ${MAX_BLOCK_DEPTH} مستويات`,
  unpaired: `في فقرة واحدة أكثر من ${MAX_UNPAIRED_MARKS} علامة تنسيق (* أو _ أو \` أو [ ]) مفتوحة معًا أو بلا علامة تقابلها`,
  lines: `نص المقال أطول من ${MAX_LINES} سطر`,
  nestedItems: `أكثر من ${MAX_NESTED_ITEM_BREAKS} عنصر قائمة يلي عنصرًا فيه قائمة أو اقتباس متداخل`,
  markWork: "فقرات طويلة جدًا كثيرة علامات التنسيق؛ افصل الفقرات بسطر فارغ",
} as const;

const TAB = 9;
const SPACE = 32;
const BANG = 33;
const STAR = 42;
const BACKSLASH = 92;
const UNDERSCORE = 95;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const GT = 62;
const BACKTICK = 96;

const WHITESPACE = /\s/u;
// CommonMark 0.31 counts symbols as punctuation for flanking.
const PUNCTUATION = /[\p{P}\p{S}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const BLANK = /^[ \t]*$/;

type Container = { kind: "quote" } | { kind: "item"; contentColumn: number };

interface Opener {
  mark: number;
  count: number;
  /** Depth of the deepest finished pair inside this opener so far. */
  inner: number;
}

/** The code point that ends at `end` (exclusive), or -1 at the start. */
function codePointBefore(s: string, end: number): number {
  if (end <= 0) return -1;
  const low = s.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = s.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.codePointAt(end - 2) ?? -1;
  }
  return low;
}

function isWhitespace(cp: number): boolean {
  return cp === -1 || WHITESPACE.test(String.fromCodePoint(cp));
}

function isPunctuation(cp: number): boolean {
  return cp !== -1 && PUNCTUATION.test(String.fromCodePoint(cp));
}

/** Emphasis and bracket pairing for one paragraph at a time, as a stack. */
class InlinePairs {
  private stack: Opener[] = [];
  private readonly open = new Map<number, number>();
  private unpaired = 0;
  /** Backtick runs by length: a code span closes only on a run of its own length. */
  private readonly ticks = new Map<number, number>();
  private marks = 0;
  private chars = 0;
  private work = 0;

  /** Scans one line of paragraph text. */
  scan(line: string, from: number): void {
    for (let i = from; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === BACKSLASH) {
        if (ASCII_PUNCTUATION.test(line[i + 1] ?? "")) i++;
      } else if (c === BACKTICK) {
        let end = i + 1;
        while (line.charCodeAt(end) === BACKTICK) end++;
        this.marks++;
        this.ticks.set(end - i, (this.ticks.get(end - i) ?? 0) + 1);
        i = end - 1;
      } else if (c === STAR || c === UNDERSCORE) {
        let end = i + 1;
        while (line.charCodeAt(end) === c) end++;
        this.run(c, end - i, codePointBefore(line, i), end < line.length ? (line.codePointAt(end) ?? -1) : -1);
        i = end - 1;
      } else if (c === OPEN_BRACKET || (c === BANG && line.charCodeAt(i + 1) === OPEN_BRACKET)) {
        if (c === BANG) i++;
        this.marks++;
        this.push({ mark: OPEN_BRACKET, count: 1, inner: 0 });
      } else if (c === CLOSE_BRACKET && (this.open.get(OPEN_BRACKET) ?? 0) > 0) {
        this.marks++;
        this.close(OPEN_BRACKET, 1);
      }
    }
    this.chars += line.length - from + 1;
    if (this.work + this.marks * this.chars > MAX_MARK_WORK) throw new MarkdownLimitError(LIMIT_MESSAGES.markWork);
  }

  /** Ends the paragraph: nothing pairs across it. */
  end(): void {
    // A backtick run with no later run of its length opens no code span; the parser scanned to the end to learn that.
    let lonelyTicks = 0;
    for (const count of this.ticks.values()) lonelyTicks += count % 2;
    if (this.unpaired + lonelyTicks > MAX_UNPAIRED_MARKS) throw new MarkdownLimitError(LIMIT_MESSAGES.unpaired);
    this.ticks.clear();
    this.work += this.marks * this.chars;
    this.stack = [];
    this.open.clear();
    this.unpaired = 0;
    this.marks = 0;
    this.chars = 0;
  }

  private run(mark: number, length: number, before: number, after: number): void {
    this.marks++;
    // CommonMark's flanking rules decide whether a run may open, close, or neither.
    const left = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const right = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    const canOpen = mark === STAR ? left : left && (!right || isPunctuation(before));
    const canClose = mark === STAR ? right : right && (!left || isPunctuation(after));
    let remaining = length;
    if (canClose) remaining = this.close(mark, length);
    if (remaining === 0) return;
    if (canOpen) this.push({ mark, count: remaining, inner: 0 });
    else if (canClose) this.addUnpaired();
  }

  private push(opener: Opener): void {
    this.stack.push(opener);
    this.open.set(opener.mark, (this.open.get(opener.mark) ?? 0) + 1);
    // Openers still waiting count too: each closer of another mark scans back over them.
    if (this.unpaired + this.stack.length > MAX_UNPAIRED_MARKS) throw new MarkdownLimitError(LIMIT_MESSAGES.unpaired);
  }

  private addUnpaired(): void {
    this.unpaired++;
    if (this.unpaired + this.stack.length > MAX_UNPAIRED_MARKS) throw new MarkdownLimitError(LIMIT_MESSAGES.unpaired);
  }

  private pop(): Opener | undefined {
    const top = this.stack.pop();
    if (top) this.open.set(top.mark, (this.open.get(top.mark) ?? 1) - 1);
    return top;
  }

  /** A finished pair (or a discarded opener) passes its depth to whatever encloses it. */
  private lift(depth: number): void {
    const top = this.stack.at(-1);
    if (top && top.inner < depth) top.inner = depth;
  }

  /** Pairs a closing run with the nearest openers of its mark; returns the marks left over. */
  private close(mark: number, length: number): number {
    let remaining = length;
    while (remaining > 0 && (this.open.get(mark) ?? 0) > 0) {
      let top = this.stack.at(-1);
      // Openers of other marks between the pair stay literal text.
      while (top && top.mark !== mark) {
        this.pop();
        this.addUnpaired();
        this.lift(top.inner);
        top = this.stack.at(-1);
      }
      if (!top) break;
      const use = mark !== OPEN_BRACKET && top.count >= 2 && remaining >= 2 ? 2 : 1;
      top.count -= use;
      remaining -= use;
      const depth = top.inner + 1;
      if (depth > MAX_INLINE_DEPTH) throw new MarkdownLimitError(LIMIT_MESSAGES.inlineDepth);
      top.inner = depth;
      if (top.count === 0) {
        this.pop();
        this.lift(depth);
      }
    }
    return remaining;
  }
}

/** Advances over spaces and tabs while the column stays below `limit`; returns [index, column]. */
function skipSpace(line: string, index: number, column: number, limit: number): [number, number] {
  let i = index;
  let col = column;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    const next = c === SPACE ? col + 1 : c === TAB ? col + 4 - (col % 4) : -1;
    if (next === -1 || next > limit) break;
    col = next;
    i++;
  }
  return [i, col];
}

/** The index just past a list marker (`-`, `+`, `*`, `1.`, `1)`) at `i`, or -1. */
function listMarkerEnd(line: string, i: number): number {
  const c = line.charCodeAt(i);
  let end = -1;
  if (c === 45 || c === 43 || c === STAR) end = i + 1;
  else {
    let j = i;
    while (j < line.length && j - i < 9 && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
    if (j > i && (line.charCodeAt(j) === 46 || line.charCodeAt(j) === 41)) end = j + 1;
  }
  if (end === -1) return -1;
  const after = line.charCodeAt(end);
  return Number.isNaN(after) || after === SPACE || after === TAB ? end : -1;
}

/**
 * Throws MarkdownLimitError when a body would nest deeper, or cost the parser
 * more, than the limits allow. One pass; no regular expression backtracks.
 */
export function checkMarkdownLimits(source: string): void {
  const inline = new InlinePairs();
  let stack: Container[] = [];
  let nestedItemBreaks = 0;
  let paragraph = false;

  const lines = source.split(/\r\n|\r|\n/);
  if (lines.length > MAX_LINES) throw new MarkdownLimitError(LIMIT_MESSAGES.lines);
  for (const line of lines) {
    const blank = BLANK.test(line);
    let index = 0;
    let column = 0;

    // Existing containers this line continues: quotes need `>`, list items their indentation.
    let matched = 0;
    for (; matched < stack.length; matched++) {
      const container = stack[matched]!;
      if (container.kind === "quote") {
        const [i, col] = skipSpace(line, index, column, column + 3);
        if (line.charCodeAt(i) !== GT) break;
        [index, column] = skipSpace(line, i + 1, col + 1, col + 2);
      } else if (!blank) {
        const [i, col] = skipSpace(line, index, column, container.contentColumn);
        if (col < container.contentColumn) break;
        [index, column] = [i, col];
      }
    }

    // New containers this line opens.
    const opened: Container[] = [];
    for (;;) {
      const [i, col] = skipSpace(line, index, column, Number.POSITIVE_INFINITY);
      if (col - column >= 4 || i >= line.length) break;
      if (line.charCodeAt(i) === GT) {
        opened.push({ kind: "quote" });
        [index, column] = skipSpace(line, i + 1, col + 1, col + 2);
        if (matched + opened.length > MAX_BLOCK_DEPTH) throw new MarkdownLimitError(LIMIT_MESSAGES.blockDepth);
        continue;
      }
      const end = listMarkerEnd(line, i);
      if (end === -1 || THEMATIC_BREAK.test(line.slice(i))) break;
      const markerColumn = col + (end - i);
      const [contentIndex, contentColumn] = skipSpace(line, end, markerColumn, markerColumn + 4);
      const padded = contentColumn > markerColumn && contentIndex < line.length;
      opened.push({ kind: "item", contentColumn: padded ? contentColumn : markerColumn + 1 });
      [index, column] = padded ? [contentIndex, contentColumn] : [end, markerColumn];
      // Checked as they open, so a line of a million markers is refused at the ninth.
      if (matched + opened.length > MAX_BLOCK_DEPTH) throw new MarkdownLimitError(LIMIT_MESSAGES.blockDepth);
    }

    const rest = line.slice(index);
    const lazy = !blank && opened.length === 0 && matched < stack.length && paragraph && !THEMATIC_BREAK.test(rest);
    if (!lazy) {
      const closed = stack.length - matched;
      // A new sibling item after an item that held nested containers: micromark rewrites its events then.
      if (opened[0]?.kind === "item" && stack[matched]?.kind === "item" && closed > 1) nestedItemBreaks++;
      if (nestedItemBreaks > MAX_NESTED_ITEM_BREAKS) throw new MarkdownLimitError(LIMIT_MESSAGES.nestedItems);
      if (closed > 0 || opened.length > 0) {
        inline.end();
        paragraph = false;
      }
      stack = stack.slice(0, matched).concat(opened);
      if (stack.length > MAX_BLOCK_DEPTH) throw new MarkdownLimitError(LIMIT_MESSAGES.blockDepth);
    }

    if (BLANK.test(rest) || THEMATIC_BREAK.test(rest)) {
      inline.end();
      paragraph = false;
    } else if (ATX_HEADING.test(rest)) {
      // A heading is a paragraph of its own.
      inline.end();
      inline.scan(line, index);
      inline.end();
      paragraph = false;
    } else {
      inline.scan(line, index);
      paragraph = true;
    }
  }
  inline.end();
}
