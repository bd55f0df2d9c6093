/**
 * URL allowlists for links and images. Pure: the server, the page and the
 * service worker all call it, at publish time and again at render time.
 */

const LINK_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto", "tel"]);
const IMAGE_SCHEMES: ReadonlySet<string> = new Set(["http", "https"]);

// Browsers drop ASCII tab and newline anywhere in a URL, so "java\tscript:" runs as script.
const TAB_OR_NEWLINE = /[\t\n\r]/g;
// Any other control character has no business in a link and only serves to confuse parsers.
const OTHER_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// What we ignore when deciding on the scheme: every space, control and invisible format character.
const IGNORED_FOR_SCHEME = /[\s\u0000-\u001f\u007f-\u009f\p{Cf}]/gu;
const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/** A link target usable in `href`, or undefined when it is unsafe or empty. */
export function safeUrl(raw: string): string | undefined {
  return check(raw, LINK_SCHEMES, true);
}

/** An image source usable in `src` (http(s) or root-relative only), or undefined. */
export function safeImageUrl(raw: string): string | undefined {
  return check(raw, IMAGE_SCHEMES, false);
}

function check(raw: string, schemes: ReadonlySet<string>, allowRelative: boolean): string | undefined {
  const url = raw.replace(TAB_OR_NEWLINE, "").trim();
  if (url === "" || OTHER_CONTROL.test(url)) return undefined;
  // Judge both the string and its entity-decoded form: if either reads as a forbidden
  // scheme, some consumer (an HTML serializer that skips escaping, a feed reader) might run it.
  const verdictRaw = classify(url, schemes, allowRelative);
  const verdictDecoded = classify(decodeCharacterReferences(url), schemes, allowRelative);
  return verdictRaw && verdictDecoded ? url : undefined;
}

/** True when `url` is allowed by the scheme set or, if permitted, as a relative reference. */
function classify(url: string, schemes: ReadonlySet<string>, allowRelative: boolean): boolean {
  const bare = url.replace(IGNORED_FOR_SCHEME, "").toLowerCase();
  if (bare === "") return false;
  const scheme = SCHEME.exec(bare)?.[1];
  if (scheme !== undefined) return schemes.has(scheme);
  // A colon before any "/", "?" or "#" is a scheme a browser may still honour
  // (after its own normalisation); refuse rather than guess.
  const firstDelimiter = bare.search(/[/?#]/);
  const colon = bare.indexOf(":");
  if (colon !== -1 && (firstDelimiter === -1 || colon < firstDelimiter)) return false;
  // "//host" and "\\host" (browsers read "\" as "/" for web URLs) leave our site.
  if (/^[/\\]{2}/.test(bare) || bare.startsWith("\\")) return false;
  if (bare.startsWith("/")) return true;
  return allowRelative;
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  colon: ":",
  tab: "\t",
  newline: "\n",
  sol: "/",
  bsol: "\\",
  num: "#",
  quest: "?",
  period: ".",
  amp: "&",
};

/** Decodes numeric and the few named references that can spell a scheme. */
function decodeCharacterReferences(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, body: string) => {
    if (body.startsWith("#")) {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return NAMED_REFERENCES[body.toLowerCase()] ?? whole;
  });
}
