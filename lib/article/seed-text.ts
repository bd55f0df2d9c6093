/**
 * The newspaper's plain-text page layout (masthead credits, headline, share
 * control, body, related-articles trailer) to article blocks.
 */
import type { Block } from "./model";

/** A masthead credit such as «رئيس التحرير: …». */
export interface Credit {
  role: string;
  name: string;
}

/** What a plain-text newspaper page holds. */
export interface SeedText {
  credits: Credit[];
  title: string;
  blocks: Block[];
  /** The page showed a «شارك» (share) control. */
  hasShare: boolean;
  /** The page ended with a «مقالات ذات صلة» (related articles) trailer. */
  hasRelatedTrailer: boolean;
}

/** Masthead roles recognised before the headline; a headline may itself hold a colon. */
export const CREDIT_ROLES: readonly string[] = ["رئيس التحرير", "مدير التحرير"];
const SHARE = "شارك";
const RELATED_TRAILER = "مقالات ذات صلة";

const SUBHEADING_MAX_CHARS = 60;
const SUBHEADING_MAX_WORDS = 8;
// A line ending like a sentence is prose, however short.
const CLOSING_PUNCTUATION = /[.!?؟…:،؛»"]$/u;

/** Parses the newspaper's plain-text layout; throws when there is no headline or no body. */
export function parseSeedText(text: string): SeedText {
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");

  let i = 0;
  const credits: Credit[] = [];
  for (let line = lines[i]; line !== undefined; line = lines[++i]) {
    const credit = parseCredit(line);
    if (!credit) break;
    credits.push(credit);
  }

  const title = lines[i++];
  if (title === undefined || title === SHARE || title === RELATED_TRAILER) {
    throw new Error("لا عنوان بعد أسماء هيئة التحرير في أول الصفحة");
  }

  const blocks: Block[] = [];
  let hasShare = false;
  let hasRelatedTrailer = false;
  for (let line = lines[i]; line !== undefined; line = lines[++i]) {
    if (line === SHARE) {
      hasShare = true;
    } else if (line === RELATED_TRAILER) {
      hasRelatedTrailer = true;
      break;
    } else {
      const children = [{ type: "text" as const, value: line }];
      blocks.push(isSubheading(line) ? { type: "subheading", children } : { type: "paragraph", children });
    }
  }

  if (!blocks.some((b) => b.type === "paragraph")) {
    throw new Error("لا فقرة في متن المقال بعد العنوان");
  }
  return { credits, title, blocks, hasShare, hasRelatedTrailer };
}

function parseCredit(line: string): Credit | undefined {
  const colon = line.indexOf(":");
  if (colon === -1) return undefined;
  const role = line.slice(0, colon).trim();
  const name = line.slice(colon + 1).trim();
  return CREDIT_ROLES.includes(role) && name !== "" ? { role, name } : undefined;
}

/** A short line that does not end like a sentence reads as a section heading. */
function isSubheading(line: string): boolean {
  return (
    line.length <= SUBHEADING_MAX_CHARS &&
    line.split(/\s+/u).length <= SUBHEADING_MAX_WORDS &&
    !CLOSING_PUNCTUATION.test(line)
  );
}
