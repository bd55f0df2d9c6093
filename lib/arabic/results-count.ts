/**
 * The search page's count of results. Apart from plural.ts on purpose: every
 * page's status line loads plural.ts, and only /search needs this phrase.
 * Pure: imports nothing from Node or the DOM.
 */
import type { PluralForms } from "./plural";
import { pluralPhrase } from "./plural";

// نتيجة is feminine: «نتيجة واحدة»; 11–99 take the accusative «نتيجةً».
const SEARCH_RESULTS: PluralForms = {
  zero: "لا نتائج",
  one: "نتيجة واحدة",
  two: "نتيجتان",
  few: "{n} نتائج",
  many: "{n} نتيجةً",
  other: "{n} نتيجة",
};

/** A count of search results, e.g. «3 نتائج». */
export function resultsCount(n: number): string {
  return pluralPhrase(n, SEARCH_RESULTS);
}
