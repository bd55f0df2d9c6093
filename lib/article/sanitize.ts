/**
 * Server-only second wall behind renderBlocks: an HTML allowlist of exactly
 * the markup the renderer emits. Imports sanitize-html, so never bundle it
 * into the page or the service worker.
 */
import sanitizeHtml from "sanitize-html";

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "h2", "blockquote", "ul", "ol", "li", "figure", "div", "picture", "source", "img", "figcaption", "strong", "em", "a", "br"],
  allowedAttributes: {
    a: ["href", "rel"],
    figure: ["class"],
    div: ["class", "role", "aria-label"],
    source: ["type", "srcset", "sizes"],
    img: ["class", "src", "srcset", "sizes", "width", "height", "alt", "aria-hidden", "loading", "decoding", "fetchpriority"],
  },
  allowedClasses: { figure: ["media"], div: ["media-frame", "media-empty"], img: ["media-ph"] },
  // Fixed-value attributes keep only the value the renderer writes. (sanitize-html's own
  // `values` option would leave a bare, valueless attribute behind.)
  transformTags: {
    a: keepOnly({ rel: "noopener noreferrer" }),
    img: placeholderOnly(keepOnly({ loading: "lazy", decoding: "async", fetchpriority: "high", "aria-hidden": "true" })),
    div: keepOnly({ role: "img" }),
    source: keepOnly({ type: "image/avif" }, { type: "image/webp" }),
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  // data: only for the renderer's blurred placeholders, which placeholderOnly checks exactly.
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  // allowedEmptyAttributes is left at its default, ["alt"]: a decorative image keeps alt="".
  disallowedTagsMode: "discard",
  // <source> is void, like <img>: no closing tag.
  selfClosing: [...sanitizeHtml.defaults.selfClosing, "source"],
  // sanitize-html leaves '"' bare in text; the renderer escapes it. Same meaning, same bytes.
  textFilter: (text) => text.replace(/"/g, "&quot;"),
};

/** Drops each listed attribute whose value is none of the expected ones. */
function keepOnly(...expected: Readonly<Record<string, string>>[]): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const kept: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      const wants = expected.map((e) => e[name]).filter((w) => w !== undefined);
      if (wants.length === 0 || wants.includes(value)) kept[name] = value;
    }
    return { tagName, attribs: kept };
  };
}

const PLACEHOLDER = /^data:image\/(?:webp|png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

/** A data: src stays only as the renderer writes placeholders: a small base64 raster image. */
function placeholderOnly(next: sanitizeHtml.Transformer): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const result = typeof next === "function" ? next(tagName, attribs) : { tagName, attribs };
    const src = result.attribs.src?.trim() ?? "";
    if (/^data:/i.test(src) && !(PLACEHOLDER.test(src) && src.length <= 2048)) delete result.attribs.src;
    return result;
  };
}

/** Keeps only the tags, attributes and URL schemes that renderBlocks emits. */
export function sanitizeArticleHtml(html: string): string {
  return (
    sanitizeHtml(html, OPTIONS)
      // Bring the output to the renderer's serialization, so that for our own markup
      // sanitizing is the identity (which the tests check). Both rewrites are safe:
      // in sanitize-html's output a "'" is always a character of text or of a
      // double-quoted attribute value, and " />" only ends a void element.
      .replace(/'/g, "&#39;")
      .replace(/ \/>/g, ">")
  );
}
