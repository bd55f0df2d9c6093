/**
 * What a search query asks for. Every word must match (after folding and
 * prefix stripping), the word being typed as a prefix; function words are
 * left out unless quoted with other words; a quoted phrase ("…" or «…»)
 * matches its words in order. Search and highlighting both read a query
 * through parseQuery, so a marked word is always one that made the article
 * match. Pure: imports nothing from Node or the DOM.
 */
import { foldWithOffsets, stripPrefixes } from "@/lib/arabic/fold";
import { isFunctionWord } from "./function-words";

/** One word of the query. */
export interface QueryWord {
  /** Folded. */
  token: string;
  /** As typed, for messages. */
  original: string;
  /** The folded token and its prefix-stripped stems, token first. */
  stems: string[];
  /** A stem to match as the start of a word: this is the word being typed. */
  prefix?: string;
  functionWord: boolean;
}

/** A word, or a quoted phrase whose words must follow each other. */
export interface QueryUnit {
  words: QueryWord[];
  phrase: boolean;
  /** As typed (a phrase without its quotes), for messages. */
  text: string;
}

export interface ParsedQuery {
  /** What an article must match, every one of them: words, and phrases with a word that is not a function word. */
  units: QueryUnit[];
  /** Function words left out of matching, as typed. */
  ignored: string[];
  /** The word being typed is still too short to match («ال»، «بال»، one letter) and is left out until it grows. */
  pending: boolean;
}

// A pasted paragraph must not cost a keystroke more than a sentence does; and
// the ranking keeps a bit per word in a 32-bit mask.
export const MAX_QUERY_WORDS = 12;

// A word being typed is matched by prefix only once it is more than the
// particles every other Arabic word starts with. «ال»، «بال»، «الا» or «با»
// (on its way to «بال») would match a large share of all words, i.e. nearly
// every article, for a reader who has not yet typed the word they mean. Two
// letters past the article, or two letters of a word without one, narrow it.
const MIN_PREFIX = 2;

// و/ف, then ب/ك/ل, then the alef of the article, and nothing after them.
const PARTICLES_ONLY = /^[وف]?(?:[بكل]|[بك]?ا)?$/;

// How many letters follow the article in a word being typed (ال، وال، بال،
// لل، ولل …), or undefined when it has none.
function lettersAfterArticle(token: string): number | undefined {
  let rest = token;
  if (rest.startsWith("و") || rest.startsWith("ف")) rest = rest.slice(1);
  if (rest.startsWith("لل")) return rest.length - 2;
  if (rest.startsWith("ب") || rest.startsWith("ك") || rest.startsWith("ل")) rest = rest.slice(1);
  return rest.startsWith("ال") ? rest.length - 2 : undefined;
}

function expandable(token: string): boolean {
  return !PARTICLES_ONLY.test(token) && (lettersAfterArticle(token) ?? token.length) >= MIN_PREFIX;
}

// Opening quote → its closing quote. Phones type “…” for "…" when smart
// punctuation is on, so those open a phrase too.
const QUOTES: Readonly<Record<string, string>> = { '"': '"', "«": "»", "“": "”" };

interface Segment {
  text: string;
  phrase: boolean;
}

// The query cut into plain runs and quoted runs. A quote left open is a
// phrase still being typed; a closing quote without an opening one is
// punctuation.
function segments(query: string): Segment[] {
  const out: Segment[] = [];
  let plain = "";
  for (let i = 0; i < query.length; i++) {
    const close = QUOTES[query.charAt(i)];
    if (close === undefined) {
      plain += query.charAt(i);
      continue;
    }
    const end = query.indexOf(close, i + 1);
    out.push({ text: plain, phrase: false });
    plain = "";
    out.push({ text: query.slice(i + 1, end === -1 ? undefined : end), phrase: true });
    if (end === -1) break;
    i = end;
  }
  out.push({ text: plain, phrase: false });
  return out.filter((segment) => segment.text !== "");
}

const WORD = /[\p{L}\p{N}]+/gu;

// The folded words of a run with their spelling as typed (foldWithOffsets
// tokenizes as `tokenize` does, and remembers where each word came from).
function words(text: string): Array<{ token: string; original: string }> {
  const { folded, starts, ends } = foldWithOffsets(text);
  return [...folded.matchAll(WORD)].map((match) => ({
    token: match[0],
    original: text.slice(starts[match.index] ?? 0, ends[match.index + match[0].length - 1] ?? text.length),
  }));
}

/** Reads a query; see ParsedQuery. */
export function parseQuery(query: string): ParsedQuery {
  // The last word is still being typed unless the reader has moved past it
  // (a space, punctuation or a closing quote after it).
  const typing = /[\p{L}\p{N}\p{M}]$/u.test(query);
  const parts = segments(query);
  let budget = MAX_QUERY_WORDS;
  const units: QueryUnit[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  let pending = false;

  parts.forEach((segment, s) => {
    const found = words(segment.text);
    const kept: QueryWord[] = [];
    found.forEach(({ token, original }, i) => {
      if (budget <= 0) return;
      budget--;
      const last = typing && s === parts.length - 1 && i === found.length - 1;
      if (last && !expandable(token)) {
        pending = true;
        return;
      }
      const stems = stripPrefixes(token);
      const functionWord = isFunctionWord(token, original);
      // Only the shortest stem is expanded: a text word that starts with a
      // longer stem of the typed word («والثوره» for «والثو») has the
      // shortest among its own stems too («ثوره» starts with «ثو»).
      const prefix = last && !functionWord ? stems.reduce((a, b) => (b.length < a.length ? b : a)) : undefined;
      kept.push({ token, original, stems, prefix, functionWord });
    });

    const add = (unit: QueryUnit): void => {
      const key = `${unit.phrase ? "«" : ""}${unit.words.map((w) => `${w.token}${w.prefix ? "…" : ""}`).join(" ")}`;
      if (seen.has(key)) return;
      seen.add(key);
      units.push(unit);
    };
    const content = kept.filter((word) => !word.functionWord);
    if (segment.phrase && content.length > 0 && kept.length > 1) {
      add({ words: kept, phrase: true, text: kept.map((w) => w.original).join(" ") });
      return;
    }
    for (const word of kept) {
      if (word.functionWord) ignored.push(word.original);
      else add({ words: [word], phrase: false, text: word.original });
    }
  });
  return { units, ignored, pending };
}

/**
 * Whether the query is only a word still too short to match («ال»، «بال»،
 * one letter): say «تابع الكتابة», not «لا نتائج».
 */
export function needsMoreLetters(query: string): boolean {
  const parsed = parseQuery(query);
  return parsed.pending && parsed.units.length === 0 && parsed.ignored.length === 0;
}
