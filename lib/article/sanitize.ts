/**
 * Server-only second wall behind renderBlocks: an HTML allowlist of exactly
 * the markup the renderer emits. Imports sanitize-html, so never bundle it
 * into the page or the service worker.
 */
import sanitizeHtml from "sanitize-html";

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "h2", "blockquote", "ul", "ol", "li", "figure", "img", "figcaption", "strong", "em", "a", "br"],
  allowedAttributes: { a: ["href", "rel"], img: ["src", "alt", "loading", "decoding"] },
  // Fixed-value attributes keep only the value the renderer writes. (sanitize-html's own
  // `values` option would leave a bare, valueless attribute behind.)
  transformTags: {
    a: keepOnly({ rel: "noopener noreferrer" }),
    img: keepOnly({ loading: "lazy", decoding: "async" }),
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  // allowedEmptyAttributes is left at its default, ["alt"]: a decorative image keeps alt="".
  disallowedTagsMode: "discard",
  // sanitize-html leaves '"' bare in text; the renderer escapes it. Same meaning, same bytes.
  textFilter: (text) => text.replace(/"/g, "&quot;"),
};

/** Drops each listed attribute whose value is not exactly the expected one. */
function keepOnly(expected: Readonly<Record<string, string>>): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const kept: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      const want = expected[name];
      if (want === undefined || value === want) kept[name] = value;
    }
    return { tagName, attribs: kept };
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
