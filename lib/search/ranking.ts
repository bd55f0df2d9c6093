/**
 * Which articles a query finds, best first. An article is found when it has
 * every word and phrase of the query (function words left out); when none
 * has them all, those with the most of them are offered instead, apart.
 * Ranking: headline matches first, then match quality (words matched exactly
 * rather than only as the start of the word being typed), then newest.
 * Pure: nothing from Node or the DOM.
 */
import type { ArticleIndex } from "./article-index";
import type { ParsedQuery } from "./query";
import { parseQuery } from "./query";

/** One article found. */
export interface ArticleHit {
  id: string;
  /** Words and phrases of the query found in the headline. */
  titleMatches: number;
  /** Words and phrases of the query found. */
  matched: number;
  /** Of those, found as typed, not only as the start of the word being typed. */
  exact: number;
  /** Epoch milliseconds. */
  published: number;
}

/**
 * all: articles with every word; partial: none has every word, these have
 * the most; none: no article has any; more-letters: the word being typed is
 * too short to search yet; function-words: the query has only function words;
 * empty: nothing to search (punctuation).
 */
export type SearchKind = "all" | "partial" | "none" | "more-letters" | "function-words" | "empty";

export interface SearchOutcome {
  kind: SearchKind;
  /** Best first. */
  hits: ArticleHit[];
  /** How many words and phrases the query asks for. */
  words: number;
  /** Words and phrases no held article has, as typed (when some other word was found). */
  missing: string[];
}

const popcount = (mask: number): number => {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
};

/** Runs a query (a string, or one parseQuery read) against the index; see the module comment. */
export function searchArticles(index: ArticleIndex, query: string | ParsedQuery): SearchOutcome {
  const parsed = typeof query === "string" ? parseQuery(query) : query;
  const { units } = parsed;
  const words = units.length;
  if (words === 0) {
    const kind = parsed.ignored.length > 0 ? "function-words" : parsed.pending ? "more-letters" : "empty";
    return { kind, hits: [], words, missing: [] };
  }

  // A bit per query word. tokenBits: the words each token matches;
  // exactBits: those it matches exactly.
  const tokenBits = new Int32Array(index.tokenSlots);
  const exactBits = new Int32Array(index.tokenSlots);
  const docBits = new Int32Array(index.documentSlots);
  const docExact = new Int32Array(index.documentSlots);
  let nextBit = 0;
  const unitWords = units.map((unit) =>
    unit.words.map((word) => {
      const bit = 1 << nextBit++;
      const tokens = index.matchTokens(word);
      for (const [id, exact] of tokens) {
        tokenBits[id] = (tokenBits[id] ?? 0) | bit;
        if (exact) exactBits[id] = (exactBits[id] ?? 0) | bit;
      }
      // Function words (in a phrase) have no postings: the phrase's other words find the articles.
      if (!word.functionWord) {
        for (const [id, exact] of tokens) {
          index.forEachDocument(id, (n) => {
            docBits[n] = (docBits[n] ?? 0) | bit;
            if (exact) docExact[n] = (docExact[n] ?? 0) | bit;
          });
        }
      }
      return { bit, functionWord: word.functionWord };
    }),
  );
  // The bits an article must have for each unit before its order is checked,
  // and for phrases the bit of each word in order.
  const needed = unitWords.map((list) => list.reduce((mask, w) => (w.functionWord ? mask : mask | w.bit), 0));
  const phraseBits = units.map((unit, u) => (unit.phrase ? Int32Array.from(unitWords[u] ?? [], (w) => w.bit) : undefined));
  const singleWords = units.reduce((mask, unit, u) => (unit.phrase ? mask : mask | (needed[u] ?? 0)), 0);

  interface Found {
    n: number;
    units: number;
    exact: number;
    title: number;
  }
  const found: Found[] = [];
  let seenUnits = 0;
  for (let n = 0; n < index.documentSlots; n++) {
    const bits = docBits[n] ?? 0;
    if (bits === 0) continue;
    const doc = index.document(n);
    if (!doc) continue;
    const tokens = doc.tokens;
    let matched = 0;
    let exact = 0;
    let title = 0;
    for (let u = 0; u < words; u++) {
      const need = needed[u] ?? 0;
      if ((bits & need) !== need) continue;
      const unitBit = 1 << u;
      const phrase = phraseBits[u];
      if (!phrase) {
        matched |= unitBit;
        if ((docExact[n] ?? 0) & need) exact |= unitBit;
        continue;
      }
      // Every place the phrase's first word is, then the words after it.
      const length = phrase.length;
      const first = phrase[0] ?? 0;
      for (let p = 0; p + length <= tokens.length; p++) {
        if (!((tokenBits[tokens[p] ?? 0] ?? 0) & first)) continue;
        let k = 1;
        while (k < length && (tokenBits[tokens[p + k] ?? 0] ?? 0) & (phrase[k] ?? 0)) k++;
        if (k < length) continue;
        matched |= unitBit;
        let asTyped = true;
        for (k = 0; k < length && asTyped; k++) asTyped = ((exactBits[tokens[p + k] ?? 0] ?? 0) & (phrase[k] ?? 0)) !== 0;
        if (asTyped) exact |= unitBit;
        if (p + length <= doc.titleLength) title |= unitBit;
        // Nothing better to find once it is in the headline as typed.
        if (title & exact & unitBit) break;
      }
    }
    if (matched === 0) continue;
    seenUnits |= matched;
    // Single words in the headline: its first tokens.
    if (bits & singleWords) {
      let inTitle = 0;
      for (let i = 0; i < doc.titleLength; i++) inTitle |= tokenBits[tokens[i] ?? 0] ?? 0;
      for (let u = 0; u < words; u++) {
        if (!phraseBits[u] && matched & (1 << u) && inTitle & (needed[u] ?? 0)) title |= 1 << u;
      }
    }
    found.push({ n, units: matched, exact, title });
  }

  const every = (1 << words) - 1;
  let kind: SearchKind = "all";
  let kept = found.filter((f) => f.units === every);
  if (kept.length === 0) {
    const best = Math.max(0, ...found.map((f) => popcount(f.units)));
    kind = best === 0 ? "none" : "partial";
    kept = found.filter((f) => popcount(f.units) === best);
  }
  const hits = kept.map(({ n, units: matched, exact, title }): ArticleHit => {
    const doc = index.document(n);
    return {
      id: doc?.id ?? "",
      titleMatches: popcount(title),
      matched: popcount(matched),
      exact: popcount(exact),
      published: doc?.published ?? 0,
    };
  });
  hits.sort(
    (a, b) =>
      b.titleMatches - a.titleMatches ||
      b.matched - a.matched ||
      b.exact - a.exact ||
      b.published - a.published ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const missing = kind === "partial" ? units.filter((_, u) => !(seenUnits & (1 << u))).map((unit) => unit.text) : [];
  return { kind, hits, words, missing };
}
