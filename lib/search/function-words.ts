/**
 * Arabic function words: prepositions, conjunctions, particles, pronouns,
 * demonstratives and relatives, and the few verbs («كان»، «ليس») that
 * nearly every article has. A query never matches on one of them alone: «في»
 * would list the whole library, and «زززق لا» would list every article with
 * «لا». Inside a quoted phrase they still count, in order. Pure: imports
 * nothing from Node or the DOM.
 */
import { foldArabic } from "@/lib/arabic/fold";

// Written as readers write them; folded below the way the index folds text,
// so «إلى»، «الى» and «إلىٰ» are one entry. Words that are also common nouns
// or verbs are left out (أم "mother", قال "said", غير, جميع), as are adverbs
// that carry the meaning of a query (فوق، تحت، أمام).
const WORDS = [
  // Particles and single-letter conjunctions typed apart.
  "و", "ف", "ثم", "أو", "بل", "لكن", "لكنّ", "كي", "لكي", "إذ", "إذا", "إن", "أن", "إنّ", "أنّ", "لأن", "كأن",
  "لو", "لولا", "قد", "لقد", "سوف", "لم", "لن", "لا", "ما", "هل", "يا", "إلا", "أي", "أيضا", "أيضاً", "حيث",
  "كما", "مما", "فيما", "بينما", "عندما", "كل", "بعض",
  // Prepositions and prepositional adverbs.
  "في", "من", "على", "إلى", "عن", "مع", "حتى", "منذ", "عند", "لدى", "نحو", "بين", "حول", "خلال", "ضد", "دون",
  "بعد", "قبل",
  // With an attached pronoun.
  "فيه", "فيها", "فيهم", "منه", "منها", "منهم", "عليه", "عليها", "عليهم", "إليه", "إليها", "إليهم", "عنه", "عنها",
  "عنهم", "له", "لها", "لهم", "به", "بها", "بهم", "معه", "معها", "معهم", "أنه", "أنها", "إنه", "إنها", "لأنه",
  "بأن", "بأنه", "بأنها",
  // Pronouns, demonstratives, relatives.
  "هو", "هي", "هم", "هما", "هن", "أنا", "نحن", "أنت", "أنتم", "هذا", "هذه", "هذان", "هاتان", "هؤلاء", "ذلك",
  "تلك", "أولئك", "هنا", "هناك", "الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي",
  // Verbs of being.
  "كان", "كانت", "كانوا", "يكون", "تكون", "يكن", "ليس", "ليست",
];

const FOLDED = new Set(WORDS.map(foldArabic));

// Folding turns final ى into ي, so «على» folds to «علي», the name Ali, and
// «إلى» to «الي», as «آلي» (automatic) does. A query word with these folded
// spellings is a function word only when the reader typed the ى.
const NEEDS_ALEF_MAQSURA = new Set(["علي", "الي"]);

// After و/ف these spell other words: «فهم» understanding, «وهم» illusion, «وهن» weakness.
const ALONE_ONLY = new Set(["هم", "هن"]);

function withoutConjunction(token: string): string | undefined {
  if (token.length < 2 || !(token.startsWith("و") || token.startsWith("ف"))) return undefined;
  const rest = token.slice(1);
  return ALONE_ONLY.has(rest) ? undefined : rest;
}

function listed(token: string, typedAlefMaqsura: boolean | undefined): boolean {
  if (!FOLDED.has(token)) return false;
  // From the text side (typedAlefMaqsura undefined) the spelling is gone:
  // «علي» may be the name, so it stays searchable.
  return !NEEDS_ALEF_MAQSURA.has(token) || typedAlefMaqsura === true;
}

/**
 * Whether a folded token is a function word, alone or after an attached و/ف
 * («وفي»، «فقد»). `original` is the token as typed, to tell «على» from «علي»;
 * without it (text already folded) those two count as ordinary words.
 */
export function isFunctionWord(token: string, original?: string): boolean {
  const maqsura = original === undefined ? undefined : original.replace(/[\u064B-\u065F\u0670\u0640]/g, "").endsWith("\u0649");
  if (listed(token, maqsura)) return true;
  const rest = withoutConjunction(token);
  return rest !== undefined && listed(rest, maqsura);
}

/**
 * Every folded spelling isFunctionWord accepts without the typed original:
 * the words, and each after و/ف. The index flags these few hundred rather
 * than testing each of its words.
 */
export function functionWordSpellings(): string[] {
  const out = new Set<string>();
  for (const word of FOLDED) {
    if (NEEDS_ALEF_MAQSURA.has(word)) continue;
    out.add(word);
    if (!ALONE_ONLY.has(word)) for (const conjunction of ["و", "ف"]) out.add(conjunction + word);
  }
  return [...out];
}

/** The list as written, for the tests and the README. */
export const FUNCTION_WORDS: readonly string[] = WORDS;
