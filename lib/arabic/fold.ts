/**
 * Search folding. The server index and the phone's offline search must fold
 * text identically, or a query typed on one would miss words stored by the
 * other. Pure: imports nothing from Node or the DOM.
 */

// Harakat, tanwin, shadda, sukun and the rarer marks after them, superscript
// alef, Quranic annotation marks, and tatweel: none of them changes the word.
const MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

// Invisible joiners and direction marks that pasted text carries; left in,
// they would split a word in two when tokenizing.
const INVISIBLE = /[\u061C\u200C-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// Spellings writers use interchangeably, folded to the one most often typed.
const LETTERS: Readonly<Record<string, string>> = {
  "\u0623": "\u0627", // أ → ا
  "\u0625": "\u0627", // إ → ا
  "\u0622": "\u0627", // آ → ا
  "\u0671": "\u0627", // ٱ → ا
  "\u0649": "\u064A", // ى → ي
  "\u0629": "\u0647", // ة → ه
  "\u0624": "\u0648", // ؤ → و
  "\u0626": "\u064A", // ئ → ي
};
const LETTER = /[\u0623\u0625\u0622\u0671\u0649\u0629\u0624\u0626]/g;

// Arabic-Indic (U+0660–0669) and Extended/Persian (U+06F0–06F9) digits. Both
// runs start at a multiple of 16, so a digit's value is its low four bits.
const DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/g;

// Every rule but the whitespace clean-up, so foldArabic and foldWithOffsets
// cannot drift apart.
function foldChars(text: string): string {
  return (
    text
      // First, so legacy presentation forms (U+FB50–FDFF, U+FE70–FEFF) become
      // the ordinary letters the rules below know.
      .normalize("NFKC")
      .toLowerCase()
      .replace(INVISIBLE, "")
      .replace(MARKS, "")
      .replace(LETTER, (ch) => LETTERS[ch] ?? ch)
      .replace(DIGIT, (ch) => String((ch.codePointAt(0) ?? 0) & 0xf))
  );
}

/** Folds text for search: no diacritics or tatweel, one spelling per letter, Western digits, single spaces. */
export function foldArabic(text: string): string {
  return foldChars(text).replace(/\s+/g, " ").trim();
}

/** Folded text whose every UTF-16 unit i came from `text.slice(starts[i], ends[i])`. */
export interface FoldedWithOffsets {
  folded: string;
  starts: number[];
  ends: number[];
}

// A letter with the marks that follow it. NFKC only composes within such a
// cluster (ا + U+0653 → آ), so folding cluster by cluster gives the letters
// foldArabic gives, while remembering where each came from.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

// Articles repeat a few hundred distinct clusters, so memoising their folding
// makes highlighting a long article cost map look-ups, not regex passes.
const clusterCache = new Map<string, string>();
const CLUSTER_CACHE_MAX = 4096;

function foldCluster(cluster: string): string {
  let folded = clusterCache.get(cluster);
  if (folded === undefined) {
    folded = foldChars(cluster);
    if (clusterCache.size >= CLUSTER_CACHE_MAX) clusterCache.clear();
    clusterCache.set(cluster, folded);
  }
  return folded;
}

/** Folds like foldArabic but keeps whitespace as is and maps folded offsets back to the original, for highlighting. */
export function foldWithOffsets(text: string): FoldedWithOffsets {
  let folded = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of text.matchAll(CLUSTER)) {
    const cluster = match[0];
    const start = match.index;
    const end = start + cluster.length;
    const out = foldCluster(cluster);
    folded += out;
    for (let i = 0; i < out.length; i++) {
      starts.push(start);
      ends.push(end);
    }
  }
  return { folded, starts, ends };
}

/** The folded words of a text, split on anything that is not a letter or digit. */
export function tokenize(text: string): string[] {
  return foldArabic(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== "");
}

const CONJUNCTIONS = new Set(["و", "ف"]);
const PREPOSITIONS = new Set(["ب", "ك", "ل"]);
// و، ف، ب، ك، ل also begin many words (ولد، فلم، بلد، كلب), so a stem that
// lost only a one-letter particle must keep three letters; losing the article
// is surer evidence of a prefix, so two letters may remain (والدم → دم).
const MIN_STEM = 3;
const MIN_STEM_AFTER_ARTICLE = 2;

/** The folded token first, then each distinct stem left by removing attached و/ف, ب/ك/ل and ال. */
export function stripPrefixes(token: string): string[] {
  const stems = [token];
  const add = (stem: string, min: number): void => {
    if (stem.length >= min && !stems.includes(stem)) stems.push(stem);
  };

  let rest = token;
  if (CONJUNCTIONS.has(rest.charAt(0))) {
    rest = rest.slice(1);
    add(rest, MIN_STEM);
  }
  const preposition = rest.charAt(0);
  if (PREPOSITIONS.has(preposition)) {
    rest = rest.slice(1);
    // ل + ال is written لل: the article's alef is dropped, so there is no
    // boundary between particle and article to stop at. لل is also ل before a
    // word that itself starts with ل (للبنان = ل + لبنان), and nothing in the
    // spelling tells the two apart, so both stems are kept.
    if (preposition === "ل" && rest.startsWith("ل")) {
      add(rest, MIN_STEM);
      add(rest.slice(1), MIN_STEM_AFTER_ARTICLE);
      return stems;
    }
    add(rest, MIN_STEM);
  }
  if (rest.startsWith("ال")) add(rest.slice(2), MIN_STEM_AFTER_ARTICLE);
  return stems;
}

/** Every token of a text with its prefix-stripped stems, without repeats, for indexing. */
export function searchTerms(text: string): string[] {
  return [...new Set(tokenize(text).flatMap(stripPrefixes))];
}
