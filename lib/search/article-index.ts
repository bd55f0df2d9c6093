/**
 * Offline Arabic search over the articles held on the phone. The same module
 * runs in the service worker and in the page, so it is pure: MiniSearch and
 * our folding, nothing from Node or the DOM.
 */
import MiniSearch from "minisearch";
import type { Options, SearchResult } from "minisearch";
import { foldWithOffsets, searchTerms, stripPrefixes, tokenize } from "@/lib/arabic/fold";
import { inlineText } from "@/lib/article/model";
import type { Article, Block } from "@/lib/article/model";

/**
 * Bump whenever the fields, the stored fields or the MiniSearch options
 * change; a stored index of another version is then rebuilt, not misread.
 * Changes to the folding itself are caught by FOLD_FINGERPRINT below.
 */
export const INDEX_FORMAT_VERSION = 1;

/** What the index holds for one article. */
export interface SearchDocument {
  id: string;
  title: string;
  /** Plain text of the summary and the body, blocks separated by newlines. */
  text: string;
  /** ISO 8601 instant. */
  publishedAt: string;
  /** The article revision indexed; lets a re-sync of the same revision skip re-indexing. */
  revision?: number;
}

// Stored per document: what ranking and re-sync need, nothing more. The text
// is not stored: the articles are in IndexedDB already, and storing it would
// double the index.
interface StoredFields {
  published: number;
  revision: number;
}

/** A search index over articles; build it with createArticleIndex or loadIndex. */
export type ArticleIndex = MiniSearch<SearchDocument>;

/** One search hit, best first. */
export interface ArticleHit {
  id: string;
  score: number;
  /** A query word matched the headline. */
  titleMatch: boolean;
  /** How many distinct query words matched, in the headline or the text. */
  matchedWords: number;
}

/** One run of a snippet; runs with `match` are the words to render in `<mark>`. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

const FIELDS = ["title", "text"] as const;

const OPTIONS: Options<SearchDocument> = {
  fields: [...FIELDS],
  idField: "id",
  storeFields: ["published", "revision"],
  extractField: (doc, field) => {
    // Dates are stored as epoch milliseconds: ranking compares them per hit,
    // and a number serialises shorter than an ISO string.
    if (field === "published") return Date.parse(doc.publishedAt) || 0;
    if (field === "revision") return doc.revision ?? 0;
    return doc[field as keyof SearchDocument];
  },
  // tokenize folds; processTerm then adds the prefix-stripped stems, so
  // «والثورة» is indexed as والثوره، الثوره، ثوره and any of them finds it.
  tokenize: (text) => tokenize(text),
  processTerm: (term) => stripPrefixes(term),
  // Discarded documents (edits, withdrawals, evictions) leave references that
  // searches skip and clean lazily; vacuum in small batches once they pile up
  // so a vacuum never blocks a keystroke for long.
  autoVacuum: { minDirtCount: 20, minDirtFactor: 0.1, batchSize: 500, batchWait: 10 },
  searchOptions: {
    // Fuzzy matching is off. Arabic words are short (three-letter roots plus a
    // letter or two), so one edit turns a word into another real word (كتب →
    // كلب، كتف، كتاب), and the misspellings readers really make (hamza seats,
    // ة/ه، ى/ي، diacritics) are already removed by folding. Fuzzy search is
    // also the costliest walk of the term tree, paid on every keystroke.
    fuzzy: false,
    // A headline hit already ranks first; the boost only orders hits that tie
    // on everything else.
    boost: { title: 2 },
  },
};

// The folding is part of the format: an index built with other stems would
// silently miss words. Folding a probe that exercises every rule and hashing
// the terms detects a change in fold.ts without anyone remembering to bump
// INDEX_FORMAT_VERSION.
const FOLD_PROBE =
  "وبالأسدِ وللسكّان للبنان فالثورة كالقوات إسلام آذار ٱلكتاب مستشفى مؤتمر رئيس الـــسلام هٰذا ٢٠٢٤ ۲۰۲۵ BBC \uFEFB ولد والدم";

function hash(text: string): string {
  // FNV-1a, 32 bits: enough to tell two foldings apart, and synchronous.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

const FOLD_FINGERPRINT = hash(searchTerms(FOLD_PROBE).join(" "));

/** An empty article index. */
export function createArticleIndex(): ArticleIndex {
  return new MiniSearch<SearchDocument>(OPTIONS);
}

function blockText(block: Block): string {
  switch (block.type) {
    case "paragraph":
    case "subheading":
      return inlineText(block.children);
    case "quote":
      return block.paragraphs.map(inlineText).join("\n");
    case "list":
      return block.items.map(inlineText).join("\n");
    case "image":
      // The caption is read on the page; alt text is not, and a hit in it
      // would show a snippet the reader cannot find in the article.
      return block.caption ? inlineText(block.caption) : "";
  }
}

/** The document the index holds for an article: headline, plain text of summary and body, date and revision. */
export function searchableDocument(article: Article): SearchDocument {
  const parts = [article.summary ?? "", ...article.blocks.map(blockText)];
  return {
    id: article.id,
    title: article.title,
    text: parts.filter((part) => part.trim() !== "").join("\n"),
    publishedAt: article.publishedAt,
    revision: article.revision,
  };
}

/** Whether the index holds an article with this id. */
export function has(index: ArticleIndex, id: string): boolean {
  return index.has(id);
}

/**
 * Indexes an article, replacing the indexed version when the id is already
 * there (an edit); a re-sync of the revision already indexed is skipped.
 */
export function addOrReplace(
  index: ArticleIndex,
  article: Article | SearchDocument,
): "added" | "replaced" | "unchanged" {
  const doc = "blocks" in article ? searchableDocument(article) : article;
  if (index.has(doc.id)) {
    const stored = index.getStoredFields(doc.id) as StoredFields | undefined;
    if (doc.revision !== undefined && stored?.revision === doc.revision) return "unchanged";
    // discard, not remove: remove must re-tokenize the old text to find its
    // terms, which we no longer have; discard just forgets the id.
    index.discard(doc.id);
    index.add(doc);
    return "replaced";
  }
  index.add(doc);
  return "added";
}

/** Drops a withdrawn or evicted article from the index; false when it was not there. */
export function remove(index: ArticleIndex, id: string): boolean {
  if (!index.has(id)) return false;
  index.discard(id);
  return true;
}

/** The id and indexed revision of every article in the index, to reconcile it with the article store after loading. */
export function indexedRevisions(index: ArticleIndex): Map<string, number> {
  const revisions = new Map<string, number>();
  for (const hit of index.search(MiniSearch.wildcard)) {
    revisions.set(hit.id as string, (hit as SearchResult & StoredFields).revision);
  }
  return revisions;
}

interface StoredIndex {
  format: number;
  fold: string;
  index: ReturnType<ArticleIndex["toJSON"]>;
}

/** The index as a JSON string, tagged with the format and folding it was built with. */
export function serializeIndex(index: ArticleIndex): string {
  const stored: StoredIndex = { format: INDEX_FORMAT_VERSION, fold: FOLD_FINGERPRINT, index: index.toJSON() };
  return JSON.stringify(stored);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The MiniSearch data inside a stored index, when it is of this format and
// folding and has the shape loadJS walks; loadJS trusts its input, so a
// truncated or hand-edited record must fail here, not at the first search.
function storedMiniSearch(stored: unknown): StoredIndex["index"] | undefined {
  const parsed: unknown = typeof stored === "string" ? JSON.parse(stored) : stored;
  if (!isRecord(parsed) || parsed.format !== INDEX_FORMAT_VERSION || parsed.fold !== FOLD_FINGERPRINT) {
    return undefined;
  }
  const js = parsed.index;
  if (
    !isRecord(js) ||
    !Array.isArray(js.index) ||
    !isRecord(js.documentIds) ||
    !isRecord(js.fieldIds) ||
    !isRecord(js.fieldLength) ||
    !isRecord(js.storedFields) ||
    !Array.isArray(js.averageFieldLength) ||
    typeof js.documentCount !== "number" ||
    typeof js.nextId !== "number" ||
    FIELDS.some((field) => typeof (js.fieldIds as Record<string, unknown>)[field] !== "number")
  ) {
    return undefined;
  }
  return js as StoredIndex["index"];
}

/**
 * An index from serializeIndex's string (or its parsed object); undefined
 * when it is corrupt or from another format or folding, to be rebuilt.
 */
export function loadIndex(stored: unknown): ArticleIndex | undefined {
  try {
    const js = storedMiniSearch(stored);
    return js && MiniSearch.loadJS<SearchDocument>(js, OPTIONS);
  } catch {
    return undefined;
  }
}

/**
 * loadIndex that yields to the event loop every thousand terms, so loading a
 * large index (seconds on a phone) does not freeze the page or the worker.
 */
export async function loadIndexAsync(stored: unknown): Promise<ArticleIndex | undefined> {
  try {
    const js = storedMiniSearch(stored);
    return js && (await MiniSearch.loadJSAsync<SearchDocument>(js, OPTIONS));
  } catch {
    return undefined;
  }
}

// A pasted paragraph must not cost a keystroke more than a sentence does.
const MAX_QUERY_WORDS = 12;

// A word being typed is matched by prefix only once it is more than the
// particles every other Arabic word starts with. «ال»، «بال»، «الا» or «با»
// (on its way to «بال») would match a large share of all words, i.e. nearly
// every article, at the highest cost a keystroke can have (175 ms measured
// for «با» in a 5,000-article index of 170,000 terms), for a reader who has not
// yet typed the word they mean. Two letters past the article, or two letters
// of a word without one, are enough to narrow it.
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

interface QueryWord {
  /** The folded token with its prefix-stripped stems, token first. */
  stems: string[];
  /** Stems to match as word prefixes: the word is still being typed. */
  prefixes: string[];
  /** The last word, with no space or punctuation after it yet. */
  typing: boolean;
}

// Shared by search and highlighting, so a highlighted word is always one that
// made the article match.
function parseQuery(query: string): QueryWord[] {
  const tokens = [...new Set(tokenize(query))].slice(0, MAX_QUERY_WORDS);
  // The last word is still being typed unless the reader has moved past it
  // (a space or punctuation after it).
  const typing = /[\p{L}\p{N}\p{M}]$/u.test(query);
  return tokens.map((token, i) => {
    const stems = stripPrefixes(token);
    const last = i === tokens.length - 1 && typing;
    const expand = last && expandable(token);
    // Only the shortest stem is expanded: a text word that starts with a
    // longer stem of the typed word («والثوره» for «والثو») was also indexed
    // under its own stripped stem («ثوره»), which starts with the shortest
    // («ثو»), so the longer stems would find the same articles again at
    // twice the cost.
    const shortest = stems.reduce((a, b) => (b.length < a.length ? b : a));
    return { stems, prefixes: expand ? [shortest] : [], typing: last };
  });
}

/**
 * Whether the word being typed is still too short to match by prefix («ال»،
 * «بال»، one letter): with no results, say «تابع الكتابة», not «لا نتائج».
 */
export function needsMoreLetters(query: string): boolean {
  const last = parseQuery(query).at(-1);
  return last !== undefined && last.typing && last.prefixes.length === 0;
}

// A screenful or two of results; ranking sorts every hit regardless, so a
// larger limit costs little but the copying.
const DEFAULT_LIMIT = 50;

/**
 * Articles matching the query, ranked: those matching every query word first,
 * then headline matches, then more words matched, then newest, then score.
 * Words match folded and with attached prefixes stripped; the last word also
 * matches as a word prefix while it is being typed.
 */
export function searchArticles(
  index: ArticleIndex,
  query: string,
  { limit = DEFAULT_LIMIT }: { limit?: number } = {},
): ArticleHit[] {
  const words = parseQuery(query);
  if (words.length === 0 || limit <= 0) return [];

  // Which query words each stem stands for; a stem two words share counts
  // for both.
  const wordsOfStem = new Map<string, number[]>();
  words.forEach((word, i) => {
    for (const stem of word.stems) wordsOfStem.set(stem, [...(wordsOfStem.get(stem) ?? []), i]);
  });

  const raw = index.search(
    {
      combineWith: "OR",
      queries: words.map((word) => ({
        combineWith: "OR",
        queries: word.stems,
        prefix: (term: string) => word.prefixes.includes(term),
      })),
    },
    {
      // The stems are already folded and stripped; stripping them again
      // would strip further than the index did.
      tokenize: (stem) => [stem],
      processTerm: (stem) => stem,
    },
  );

  const hits = raw.map((result) => {
    const matched = new Set<number>();
    for (const term of result.queryTerms) for (const i of wordsOfStem.get(term) ?? []) matched.add(i);
    const titleMatch = Object.values(result.match).some((fields) => fields.includes("title"));
    return {
      id: result.id as string,
      score: result.score,
      titleMatch,
      matchedWords: matched.size,
      published: (result as SearchResult & StoredFields).published,
    };
  });

  const all = words.length;
  hits.sort(
    (a, b) =>
      Number(b.matchedWords === all) - Number(a.matchedWords === all) ||
      Number(b.titleMatch) - Number(a.titleMatch) ||
      b.matchedWords - a.matchedWords ||
      b.published - a.published ||
      b.score - a.score,
  );
  return hits.slice(0, limit).map(({ id, score, titleMatch, matchedWords }) => ({ id, score, titleMatch, matchedWords }));
}

// Room left before the first match, as a share of the snippet, so the reader
// sees what leads into the word.
const LEAD_SHARE = 0.3;
const ELLIPSIS = "…";
const WORD = /[\p{L}\p{N}]+/gu;

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

/**
 * A snippet of at most about maxChars around the first word matching the
 * query, split into plain and matching runs of the ORIGINAL text (diacritics
 * and hamzas kept), with «…» where it is cut. The opening of the text when
 * nothing matches; [] for empty text.
 */
export function highlightSnippet(text: string, query: string, maxChars = 160): SnippetSegment[] {
  if (text.trim() === "") return [];
  const words = parseQuery(query);
  const exact = new Set(words.flatMap((word) => word.stems));
  const prefixes = words.flatMap((word) => word.prefixes);
  // The rule search applies: a stem of the text word equals a stem of a query
  // word, or starts with the stem of the word being typed.
  const isMatch = (token: string): boolean =>
    stripPrefixes(token).some((stem) => exact.has(stem) || prefixes.some((prefix) => stem.startsWith(prefix)));

  // Whole words in original offsets, so a hit on «الأسد» marks «والأسدِ»
  // entire, prefix and diacritics included.
  const matches: Array<[number, number]> = [];
  let window: [number, number] | undefined;
  if (words.length > 0) {
    const { folded, starts, ends } = foldWithOffsets(text);
    for (const token of folded.matchAll(WORD)) {
      const first = token.index;
      const from = starts[first] ?? 0;
      // Past the snippet: the rest of a long article need not be matched.
      if (window && from >= window[1]) break;
      if (!isMatch(token[0])) continue;
      const to = ends[first + token[0].length - 1] ?? text.length;
      matches.push([from, to]);
      window ??= snippetWindow(text, [from, to], maxChars);
    }
  }
  const [start, end] = window ?? snippetWindow(text, undefined, maxChars);

  const segments: SnippetSegment[] = [];
  const push = (from: number, to: number, match: boolean): void => {
    if (to > from) segments.push({ text: text.slice(from, to).replace(/\s+/gu, " "), match });
  };
  let at = start;
  for (const [from, to] of matches) {
    if (to <= start || from >= end) continue;
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

