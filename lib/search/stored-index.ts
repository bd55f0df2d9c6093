/**
 * The index as the phone stores it: the words it has, once, in sorted order,
 * and each article's words as varint ids into them. That is all a load needs
 * to rebuild the word lists in one pass, and a fraction of the text's size;
 * stems are worked out per query, so only the folding is part of the format.
 * Pure: nothing from Node or the DOM.
 */
import { tokenize } from "@/lib/arabic/fold";
import type { IndexedDocument } from "./article-index";
import { ArticleIndex, decodeTokens, encodeTokens } from "./article-index";

/**
 * Bump whenever the stored shape or what its ids mean changes; a stored
 * index of another version is then rebuilt, not misread. Changes to the
 * folding are caught by FOLD_FINGERPRINT below.
 */
export const INDEX_FORMAT_VERSION = 2;

/** What is stored; every field is checked on load, never trusted. */
export interface StoredIndex {
  format: number;
  fold: string;
  /** Every word, folded, sorted, joined by spaces (a word never has one); id i + 1 is the i-th. */
  words: string;
  /** Article ids, in document order. */
  ids: string[];
  /** Per article: headline length in tokens, how many tokens, how many bytes they take. */
  header: Uint32Array;
  /** Per article: revision, publication time in epoch milliseconds (revisions are any safe integer). */
  numbers: Float64Array;
  /** Every article's tokens as varints (encodeTokens), one after the other. */
  tokens: Uint8Array;
}

// The stored words come from tokenize: an index made with another folding
// would silently miss words. Folding a probe that exercises every rule and
// hashing the words detects a change in fold.ts without anyone remembering
// to bump INDEX_FORMAT_VERSION.
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

export const FOLD_FINGERPRINT = hash(tokenize(FOLD_PROBE).join(" "));

/**
 * The index in its stored form. Words no held article has any more are
 * dropped and the ids renumbered in word order, so what an edit or a removal
 * left behind is gone after a save.
 */
export function storeIndex(index: ArticleIndex): StoredIndex {
  const docs = [...index.documents()];
  const used = new Uint8Array(index.tokenSlots);
  for (const doc of docs) for (const id of doc.tokens) used[id] = 1;
  const renumbered = new Uint32Array(index.tokenSlots);
  const words: string[] = [];
  for (const id of index.sortedTokenIds()) {
    if (!used[id]) continue;
    words.push(index.token(id));
    renumbered[id] = words.length;
  }

  const header = new Uint32Array(docs.length * 3);
  const numbers = new Float64Array(docs.length * 2);
  const parts: Uint8Array[] = [];
  let total = 0;
  let scratch = new Uint32Array(1024);
  docs.forEach((doc, i) => {
    const count = doc.tokens.length;
    if (scratch.length < count) scratch = new Uint32Array(count * 2);
    for (let t = 0; t < count; t++) scratch[t] = renumbered[doc.tokens[t] ?? 0] ?? 0;
    const bytes = encodeTokens(scratch.subarray(0, count));
    header.set([doc.titleLength, count, bytes.length], i * 3);
    numbers.set([doc.revision, doc.published], i * 2);
    parts.push(bytes);
    total += bytes.length;
  });
  const tokens = new Uint8Array(total);
  let at = 0;
  for (const bytes of parts) {
    tokens.set(bytes, at);
    at += bytes.length;
  }
  return {
    format: INDEX_FORMAT_VERSION,
    fold: FOLD_FINGERPRINT,
    words: words.join(" "),
    ids: docs.map((doc) => doc.id),
    header,
    numbers,
    tokens,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The index from storeIndex's value; undefined when it is damaged or of
 * another format or folding, to be rebuilt.
 */
export function loadStoredIndex(stored: unknown): ArticleIndex | undefined {
  if (!isRecord(stored) || stored.format !== INDEX_FORMAT_VERSION || stored.fold !== FOLD_FINGERPRINT) return undefined;
  const { words, ids, header, numbers, tokens } = stored;
  if (
    typeof words !== "string" ||
    !Array.isArray(ids) ||
    !ids.every((id) => typeof id === "string") ||
    !(header instanceof Uint32Array) ||
    !(numbers instanceof Float64Array) ||
    !(tokens instanceof Uint8Array) ||
    header.length !== ids.length * 3 ||
    numbers.length !== ids.length * 2
  ) {
    return undefined;
  }
  const list = words === "" ? [] : words.split(" ");
  // Prefix search walks the words in order: a list out of order would miss words silently.
  for (let i = 1; i < list.length; i++) if (!((list[i - 1] ?? "") < (list[i] ?? ""))) return undefined;

  // Every article's tokens decoded into one array, each article a view of it.
  let total = 0;
  for (let i = 0; i < ids.length; i++) total += header[i * 3 + 1] ?? 0;
  if (total > tokens.length) return undefined;
  const decoded = new Uint32Array(total);
  const docs: IndexedDocument[] = [];
  let at = 0;
  let from = 0;
  for (let i = 0; i < ids.length; i++) {
    const count = header[i * 3 + 1] ?? 0;
    const length = header[i * 3 + 2] ?? 0;
    if (at + length > tokens.length) return undefined;
    const view = decoded.subarray(from, from + count);
    if (decodeTokens(tokens.subarray(at, at + length), view) !== count) return undefined;
    docs.push({
      id: ids[i] as string,
      revision: numbers[i * 2] ?? 0,
      titleLength: header[i * 3] ?? 0,
      published: numbers[i * 2 + 1] ?? 0,
      tokens: view,
    });
    at += length;
    from += count;
  }
  if (at !== tokens.length || new Set(ids).size !== ids.length) return undefined;
  try {
    return ArticleIndex.fromParts(list, docs);
  } catch {
    // A token id past the words: damaged.
    return undefined;
  }
}

/** Bytes the stored index takes (words and ids as UTF-8), for the measures. */
export function storedBytes(stored: StoredIndex): number {
  const encoder = new TextEncoder();
  return (
    encoder.encode(stored.words).length +
    stored.ids.reduce((sum, id) => sum + encoder.encode(id).length, 0) +
    stored.header.byteLength +
    stored.numbers.byteLength +
    stored.tokens.byteLength
  );
}
