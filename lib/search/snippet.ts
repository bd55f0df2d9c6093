/**
 * Snippets: a passage of the original text around the first match, with the
 * matching words marked, by the rules search applies (query.ts). Pure:
 * nothing from Node or the DOM.
 */
import { foldWithOffsets, stripPrefixes } from "@/lib/arabic/fold";
import { isFunctionWord } from "./function-words";
import type { ParsedQuery, QueryWord } from "./query";
import { parseQuery } from "./query";

/** One run of a snippet; runs with `match` are the words to render in `<mark>`. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

// Room left before the first match, as a share of the snippet, so the reader
// sees what leads into the word.
const LEAD_SHARE = 0.3;
const ELLIPSIS = "…";
const WORD = /[\p{L}\p{N}]+/gu;
// Characters folded at a time while looking for matches.
const FOLD_STRETCH = 400;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}

// The [start, end) of the original text to show: room before the first
// match, cut at spaces so no word is halved; the opening without a match.
function snippetWindow(text: string, match: readonly [number, number] | undefined, maxChars: number): [number, number] {
  if (text.length <= maxChars) return [0, text.length];
  let start = 0;
  let end = maxChars;
  if (match) {
    start = Math.max(0, match[0] - Math.floor(maxChars * LEAD_SHARE));
    end = Math.max(match[1], Math.min(text.length, start + maxChars));
    // Near the end of the text, spend the unused room before the match.
    if (end === text.length) start = Math.max(0, Math.min(start, end - maxChars));
  }
  // Move inwards to the nearest space, unless that would cut into the match.
  if (start > 0 && !isSpace(text[start - 1])) {
    const space = text.slice(start).search(/\s/u);
    if (space >= 0 && (!match || start + space <= match[0])) start += space;
  }
  if (end < text.length && !isSpace(text[end])) {
    const space = text.slice(0, end).search(/\s\S*$/u);
    if (space > start && (!match || space >= match[1])) end = space;
  }
  return [start, end];
}

// The rule the index applies: a stem of the text word is a stem of the query
// word, or starts with the stem being typed (never a function word then).
function matches(word: QueryWord, token: string, stems: readonly string[]): boolean {
  if (stems.some((stem) => word.stems.includes(stem))) return true;
  if (word.functionWord && (token === `و${word.token}` || token === `ف${word.token}`)) return true;
  const prefix = word.prefix;
  return prefix !== undefined && stems.some((stem) => stem.startsWith(prefix)) && !isFunctionWord(token);
}

interface TextWord {
  from: number;
  to: number;
  /** The query words (as bits, in query order) this word matches. */
  bits: number;
  /** A line break lies between this word and the one before: phrases stop there, as in the index. */
  afterBreak: boolean;
}

/**
 * A snippet of at most about maxChars around the first match of the query,
 * split into plain and matching runs of the ORIGINAL text (diacritics and
 * hamzas kept), with «…» where it is cut. Single words are marked wherever
 * they occur, a quoted phrase only where its words follow each other. The
 * opening of the text when nothing matches; [] for empty text.
 */
export function highlightSnippet(text: string, query: string | ParsedQuery, maxChars = 160): SnippetSegment[] {
  if (text.trim() === "") return [];
  const { units } = typeof query === "string" ? parseQuery(query) : query;
  const queryWords = units.flatMap((unit) => unit.words);
  let nextBit = 0;
  const bitsOf = units.map((unit) => unit.words.map(() => 1 << nextBit++));

  // Whole words in original offsets, so a hit on «الأسد» marks «والأسدِ»
  // entire, prefix and diacritics included.
  const matchesFound: Array<[number, number]> = [];
  let stopAt = Infinity;
  const seen: TextWord[] = [];
  // An article repeats its words: each is matched against the query once.
  const bitsOfToken = new Map<string, number>();
  const onWord = (token: string, from: number, to: number): void => {
    let bits = bitsOfToken.get(token);
    if (bits === undefined) {
      const stems = stripPrefixes(token);
      bits = 0;
      for (let i = 0; i < queryWords.length; i++) if (matches(queryWords[i]!, token, stems)) bits |= 1 << i;
      bitsOfToken.set(token, bits);
    }
    const previous = seen[seen.length - 1];
    seen.push({ from, to, bits, afterBreak: previous !== undefined && text.slice(previous.to, from).includes("\n") });
    const at = seen.length - 1;
    const before = matchesFound.length;
    units.forEach((unit, u) => {
      const unitBits = bitsOf[u] ?? [];
      if (!unit.phrase) {
        if (bits & (unitBits[0] ?? 0)) matchesFound.push([from, to]);
        return;
      }
      // A phrase ends at this word when its words, in order, end here.
      const first = at - unitBits.length + 1;
      if (first < 0) return;
      for (let k = 0; k < unitBits.length; k++) {
        const word = seen[first + k];
        if (!word || !(word.bits & (unitBits[k] ?? 0)) || (k > 0 && word.afterBreak)) return;
      }
      // One mark for the whole phrase: «هروب الأسد», not two words.
      matchesFound.push([seen[first]?.from ?? 0, to]);
    });
    if (matchesFound.length > before && stopAt === Infinity) stopAt = Math.min(...matchesFound.map(([f]) => f)) + maxChars;
  };
  // Folded a stretch at a time (cut at a space, so no word or letter is
  // split), and no further than the snippet: the rest of a long article need
  // not be folded at all.
  for (let base = 0; queryWords.length > 0 && base < text.length && base < stopAt; ) {
    const space = text.slice(base + FOLD_STRETCH).search(/\s/u);
    const end = space < 0 ? text.length : base + FOLD_STRETCH + space;
    const { folded, starts, ends } = foldWithOffsets(text.slice(base, end));
    for (const token of folded.matchAll(WORD)) {
      const from = base + (starts[token.index] ?? 0);
      if (from >= stopAt) break;
      onWord(token[0], from, base + (ends[token.index + token[0].length - 1] ?? 0));
    }
    base = end;
  }
  // In text order, overlaps joined (a word of a phrase that is also a single word of the query).
  const ranges: Array<[number, number]> = [];
  for (const [from, to] of matchesFound.sort((a, b) => a[0] - b[0])) {
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  const [start, end] = snippetWindow(text, ranges[0], maxChars);

  const segments: SnippetSegment[] = [];
  const push = (from: number, to: number, match: boolean): void => {
    if (to > from) segments.push({ text: text.slice(from, to).replace(/\s+/gu, " "), match });
  };
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= at || from >= end) continue;
    push(at, Math.max(at, from), false);
    push(Math.max(at, from), Math.min(to, end), true);
    at = Math.min(to, end);
  }
  push(at, end, false);

  const head = segments[0];
  if (head && !head.match) head.text = head.text.trimStart();
  const tail = segments[segments.length - 1];
  if (tail && !tail.match) tail.text = tail.text.trimEnd();
  if (start > 0) {
    if (head && !head.match) head.text = `${ELLIPSIS}${head.text}`;
    else segments.unshift({ text: ELLIPSIS, match: false });
  }
  if (end < text.length) {
    if (tail && !tail.match) tail.text = `${tail.text}${ELLIPSIS}`;
    else segments.push({ text: ELLIPSIS, match: false });
  }
  return segments.filter((segment) => segment.text !== "");
}
