/**
 * The offline search index over the articles held on the phone: for each
 * article its words in order (token ids), and for each word the articles that
 * have it. Word order lets a quoted phrase be checked without reading the
 * article; the word lists are rebuilt from it in two quick walks when a stored
 * index loads, so only the first is stored (stored-index.ts). Pure: nothing
 * from Node or the DOM, so it runs in a worker and in tests.
 */
import { stripPrefixes, tokenize } from "@/lib/arabic/fold";
import type { Article } from "@/lib/article/model";
import type { SearchDocument } from "./document";
import { searchableDocument } from "./document";
import { functionWordSpellings, isFunctionWord } from "./function-words";
import type { QueryWord } from "./query";

/** Token id 0 ends the headline and each line of the text: a phrase never runs from one into the next. */
export const BREAK = 0;

// Every way a particle can be attached before a stem, as stripPrefixes strips
// them: و/ف, then ب/ك/ل, then the article (ل + ال is written لل). A token with
// a stem S is one of these followed by S, so a stem is looked up by trying
// each, and a prefix by a range of the sorted words for each.
const ATTACHED: readonly string[] = (() => {
  const forms = new Set<string>();
  for (const conjunction of ["", "و", "ف"]) {
    for (const preposition of ["", "ب", "ك", "ل"]) {
      forms.add(conjunction + preposition);
      forms.add(conjunction + (preposition === "ل" ? "لل" : `${preposition}ال`));
    }
  }
  return [...forms];
})();

/** A document's tokens as varints: 7 bits a byte, low bits first, the high bit set on all but the last byte. */
export function encodeTokens(ids: ArrayLike<number>): Uint8Array {
  // Five bytes hold any 32-bit id.
  const out = new Uint8Array(ids.length * 5);
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    let id = ids[i] ?? 0;
    while (id >= 0x80) {
      out[at++] = (id & 0x7f) | 0x80;
      id >>>= 7;
    }
    out[at++] = id;
  }
  return out.slice(0, at);
}

/**
 * Decodes encodeTokens' bytes into `into`; returns how many tokens it wrote,
 * or -1 when they do not fit or the bytes end inside a token (damaged).
 */
export function decodeTokens(bytes: Uint8Array, into: Uint32Array): number {
  let n = 0;
  let id = 0;
  let shift = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    id |= (byte & 0x7f) << shift;
    if (byte & 0x80) {
      shift += 7;
      continue;
    }
    if (n >= into.length) return -1;
    into[n++] = id;
    id = 0;
    shift = 0;
  }
  return shift === 0 ? n : -1;
}

/** One held article as the index keeps it. */
export interface IndexedDocument {
  id: string;
  revision: number;
  /** Epoch milliseconds. */
  published: number;
  /** How many tokens the headline has; the text follows a BREAK. */
  titleLength: number;
  /** Token ids: the headline, BREAK, then each line of each part followed by BREAK. */
  tokens: Uint32Array;
}

/** A search index over articles; see the module comment. */
export class ArticleIndex {
  // tokens[id] is the folded word; id 0 is BREAK. Ids 1 to loadedWords came
  // from a stored index in word order, so they are found by bisection; words
  // added since are in `added`. A load thus builds no map of every word.
  private tokens: string[] = [""];
  private loadedWords = 0;
  private readonly added = new Map<string, number>();
  // Function words have no postings: no query matches them alone.
  private functionWord = new Uint8Array(1024);
  // Token ids in the order of their words, for prefix ranges; undefined while
  // that is id order (a fresh load). Ids from sortedUpTo on arrived since and
  // are merged in on the next prefix search.
  private sorted: Int32Array | undefined;
  private sortedUpTo = 1;

  // Documents by number. An edit or a removal retires the number (it stays
  // in postings, skipped), so nothing is ever searched for and moved.
  private readonly docs: Array<IndexedDocument | undefined> = [];
  private readonly numbers = new Map<string, number>();

  // Postings: compact arrays for what was loaded or compacted (offsets per
  // token into one array of document numbers), and lists for what came after.
  private postingStart = new Int32Array(1);
  private postingDocs = new Int32Array(0);
  private readonly postingExtra = new Map<number, number[]>();

  /** How many articles the index holds. */
  get size(): number {
    return this.numbers.size;
  }

  /** Document numbers run below this. */
  get documentSlots(): number {
    return this.docs.length;
  }

  /** Token ids run below this. */
  get tokenSlots(): number {
    return this.tokens.length;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** The indexed revision of an article, undefined when not held. */
  revisionOf(id: string): number | undefined {
    const n = this.numbers.get(id);
    return n === undefined ? undefined : this.docs[n]?.revision;
  }

  /** Every held article's id and indexed revision, to reconcile with the library. */
  revisions(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, n] of this.numbers) out.set(id, this.docs[n]?.revision ?? 0);
    return out;
  }

  /** The document with this number, undefined once retired. */
  document(n: number): IndexedDocument | undefined {
    return this.docs[n];
  }

  /** Every held document, for saving. */
  *documents(): Iterable<IndexedDocument> {
    for (const n of this.numbers.values()) {
      const doc = this.docs[n];
      if (doc) yield doc;
    }
  }

  token(id: number): string {
    return this.tokens[id] ?? "";
  }

  /** The id of a word, undefined when the index has never held it. */
  idOf(token: string): number | undefined {
    let lo = 1;
    let hi = this.loadedWords + 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.tokens[mid] ?? "") < token) lo = mid + 1;
      else hi = mid;
    }
    return lo <= this.loadedWords && this.tokens[lo] === token ? lo : this.added.get(token);
  }

  private tokenId(token: string): number {
    let id = this.idOf(token);
    if (id === undefined) {
      id = this.tokens.length;
      this.tokens.push(token);
      this.added.set(token, id);
      if (id >= this.functionWord.length) {
        const grown = new Uint8Array(this.functionWord.length * 2);
        grown.set(this.functionWord);
        this.functionWord = grown;
      }
      this.functionWord[id] = isFunctionWord(token) ? 1 : 0;
    }
    return id;
  }

  /**
   * Indexes an article, replacing the indexed version when the id is already
   * there (an edit); a re-sync of the revision already indexed is skipped.
   */
  addOrReplace(article: Article | SearchDocument): "added" | "replaced" | "unchanged" {
    const doc = "blocks" in article ? searchableDocument(article) : article;
    const held = this.numbers.get(doc.id);
    if (held !== undefined && this.docs[held]?.revision === doc.revision) return "unchanged";
    const title = tokenize(doc.title).map((token) => this.tokenId(token));
    const ids = [...title, BREAK];
    // A break after each line, as snippets see them: a list item or a quoted paragraph ends a phrase too.
    for (const part of doc.parts) {
      for (const line of part.split("\n")) {
        for (const token of tokenize(line)) ids.push(this.tokenId(token));
        ids.push(BREAK);
      }
    }
    if (held !== undefined) this.retire(held);
    const published = Date.parse(doc.publishedAt) || 0;
    this.insert({ id: doc.id, revision: doc.revision, published, titleLength: title.length, tokens: Uint32Array.from(ids) }, ids);
    return held === undefined ? "added" : "replaced";
  }

  private insert(doc: IndexedDocument, ids: readonly number[]): void {
    const n = this.docs.length;
    this.docs.push(doc);
    this.numbers.set(doc.id, n);
    for (const id of new Set(ids)) {
      if (id === BREAK || this.functionWord[id]) continue;
      const list = this.postingExtra.get(id);
      if (list) list.push(n);
      else this.postingExtra.set(id, [n]);
    }
  }

  private retire(n: number): void {
    const doc = this.docs[n];
    if (!doc) return;
    this.docs[n] = undefined;
    this.numbers.delete(doc.id);
  }

  /** Drops a withdrawn or evicted article; false when it was not there. */
  remove(id: string): boolean {
    const n = this.numbers.get(id);
    if (n === undefined) return false;
    this.retire(n);
    return true;
  }

  /** Calls back with each held document that has the token. */
  forEachDocument(tokenId: number, callback: (n: number) => void): void {
    const end = this.postingStart[tokenId + 1];
    for (let i = this.postingStart[tokenId] ?? 0; end !== undefined && i < end; i++) {
      const n = this.postingDocs[i] ?? 0;
      if (this.docs[n]) callback(n);
    }
    for (const n of this.postingExtra.get(tokenId) ?? []) if (this.docs[n]) callback(n);
  }

  /**
   * The tokens a query word matches, each with whether it matched exactly
   * (a stem of the token is a stem of the word) or only as the start of the
   * word being typed (a stem of the token starts with word.prefix).
   */
  matchTokens(word: QueryWord): Map<number, boolean> {
    const found = new Map<number, boolean>();
    for (const stem of word.stems) {
      for (const attached of ATTACHED) {
        const id = this.idOf(attached + stem);
        if (id !== undefined && stripPrefixes(attached + stem).includes(stem)) found.set(id, true);
      }
    }
    // A function word with و/ف attached is still that word («وفي» is «في»),
    // though too short for stripPrefixes to take the particle off.
    if (word.functionWord) {
      for (const conjunction of ["و", "ف"]) {
        const id = this.idOf(conjunction + word.token);
        if (id !== undefined) found.set(id, true);
      }
    }
    const prefix = word.prefix;
    if (prefix === undefined) return found;
    const sorted = this.sortedTokenIds();
    for (const attached of ATTACHED) {
      const start = attached + prefix;
      for (let i = this.lowerBound(sorted, start); i < sorted.length; i++) {
        const id = sorted[i] ?? 0;
        const token = this.tokens[id] ?? "";
        if (!token.startsWith(start)) break;
        if (found.has(id) || this.functionWord[id]) continue;
        if (stripPrefixes(token).some((stem) => stem.startsWith(prefix))) found.set(id, false);
      }
    }
    return found;
  }

  private lowerBound(sorted: Int32Array, key: string): number {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.tokens[sorted[mid] ?? 0] ?? "") < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Token ids in the order of their words, the words that arrived since the last call merged in. */
  sortedTokenIds(): Int32Array {
    const known = this.sortedUpTo - 1;
    let sorted = this.sorted;
    if (sorted && this.sortedUpTo === this.tokens.length) return sorted;
    if (!sorted) {
      sorted = new Int32Array(known);
      for (let i = 0; i < known; i++) sorted[i] = i + 1;
      if (this.sortedUpTo === this.tokens.length) return (this.sorted = sorted);
    }
    // The engine's own string sort, then back to ids: far faster than a comparator over ids.
    const words = this.tokens.slice(this.sortedUpTo).sort();
    const merged = new Int32Array(known + words.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) {
      const a = sorted[i];
      const b = words[j];
      if (b === undefined || (a !== undefined && (this.tokens[a] ?? "") < b)) merged[k] = sorted[i++] ?? 0;
      else merged[k] = this.added.get(words[j++] ?? "") ?? 0;
    }
    this.sorted = merged;
    this.sortedUpTo = this.tokens.length;
    return merged;
  }

  /**
   * An index from stored parts (stored-index.ts): its words in sorted order
   * (token id i + 1 is words[i]) and its documents, whose tokens use those ids.
   * Builds the postings in two passes over the documents.
   */
  static fromParts(words: readonly string[], docs: readonly IndexedDocument[]): ArticleIndex {
    const index = new ArticleIndex();
    const slots = words.length + 1;
    index.tokens = [""].concat(words);
    index.loadedWords = words.length;
    index.sortedUpTo = slots;
    index.functionWord = new Uint8Array(Math.max(1024, slots * 2));
    // A few hundred look-ups rather than a test of every word.
    for (const spelling of functionWordSpellings()) {
      const id = index.idOf(spelling);
      if (id !== undefined) index.functionWord[id] = 1;
    }

    for (const doc of docs) {
      index.numbers.set(doc.id, index.docs.length);
      index.docs.push(doc);
    }
    index.buildPostings();
    return index;
  }

  // Rebuilds every posting as the compact arrays: after a load, and after a
  // rebuild from the library has filled the lists one article at a time.
  // Two walks over every document's tokens: count, then fill.
  private buildPostings(): void {
    const slots = this.tokens.length;
    const seen = new Int32Array(slots).fill(-1);
    const counts = new Int32Array(slots + 1);
    const docs = this.docs;
    const functionWord = this.functionWord;
    for (let n = 0; n < docs.length; n++) {
      const tokens = docs[n]?.tokens;
      if (!tokens) continue;
      for (let i = 0; i < tokens.length; i++) {
        const id = tokens[i] ?? 0;
        // Only a damaged stored index names a word it does not have.
        if (id >= slots) throw new RangeError(`token ${id} of ${docs[n]?.id} is not in the index`);
        if (id === BREAK || seen[id] === n || functionWord[id]) continue;
        seen[id] = n;
        counts[id + 1] = (counts[id + 1] ?? 0) + 1;
      }
    }
    for (let t = 0; t < slots; t++) counts[t + 1] = (counts[t + 1] ?? 0) + (counts[t] ?? 0);
    const placed = new Int32Array(counts[slots] ?? 0);
    const fill = counts.slice(0, slots);
    seen.fill(-1);
    for (let n = 0; n < docs.length; n++) {
      const tokens = docs[n]?.tokens;
      if (!tokens) continue;
      for (let i = 0; i < tokens.length; i++) {
        const id = tokens[i] ?? 0;
        if (id === BREAK || seen[id] === n || functionWord[id]) continue;
        seen[id] = n;
        const at = fill[id] ?? 0;
        placed[at] = n;
        fill[id] = at + 1;
      }
    }
    this.postingStart = counts;
    this.postingDocs = placed;
    this.postingExtra.clear();
  }

  /** Packs the postings after many articles were added one by one: less memory, faster walks. */
  compact(): void {
    this.buildPostings();
  }
}
