/**
 * Test-only: hostile Markdown and a strict checker for rendered markup,
 * shared by the renderer and sanitizer tests.
 */

/** One hostile input and the (escaped) text that must still show. */
export interface XssCase {
  name: string;
  markdown: string;
  /** Substrings of the rendered HTML that prove the words survived, escaped. */
  survives: string[];
  /** Substrings that must not appear at all. */
  absent?: string[];
  /** The author typed "javascript:" as visible text (an autolink we refused); it may show as text. */
  schemeAsText?: boolean;
}

/** The XSS table. */
export const XSS_CASES: readonly XssCase[] = [
  { name: "script block", markdown: "<script>alert(1)</script>\n\nSafe text", survives: ["<p>Safe text</p>"], absent: ["alert"] },
  { name: "inline script", markdown: "Hello <script>alert(1)</script> world", survives: ["Hello", "world"], absent: ["alert"] },
  { name: "img onerror block", markdown: '<img src=x onerror="alert(1)">\n\nAfter', survives: ["<p>After</p>"] },
  { name: "img onerror inline", markdown: "Before <img src=x onerror=alert(1)> after", survives: ["Before", "after"] },
  { name: "javascript: link", markdown: "[click](javascript:alert(1))", survives: ["<p>click</p>"] },
  { name: "mixed-case scheme", markdown: "[x](JaVaScRiPt:alert(1))", survives: ["<p>x</p>"] },
  { name: "entity-encoded scheme", markdown: "[x](&#106;avascript:alert(1))", survives: ["<p>x</p>"] },
  { name: "tab inside scheme", markdown: "[x](java&#9;script:alert(1))", survives: ["<p>x</p>"] },
  { name: "vbscript: link", markdown: "[x](vbscript:msgbox(1))", survives: ["<p>x</p>"] },
  { name: "data: link", markdown: "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", survives: ["<p>x</p>"] },
  { name: "reference to javascript:", markdown: "[x][r]\n\n[r]: javascript:alert(1)", survives: ["<p>x</p>"] },
  { name: "protocol-relative link", markdown: "[x](//evil.example)", survives: ["<p>x</p>"], absent: ["evil"] },
  {
    name: "raw <a href=javascript:>",
    markdown: 'See <a href="javascript:alert(1)">click me</a> now',
    survives: ["See click me now"],
  },
  { name: "javascript: image", markdown: "![x](javascript:alert(1))", survives: [], absent: ["<img", "<figure"] },
  { name: "data: image", markdown: "![x](data:image/svg+xml,<svg onload=alert(1)>)", survives: [], absent: ["<img"] },
  {
    name: '"><svg onload> in text',
    markdown: 'Tom "><svg onload=alert(1)> & Jerry',
    survives: ["Tom &quot;&gt; &amp; Jerry"],
  },
  {
    name: '"><svg onload> in a link title',
    markdown: '[x](https://example.com "\\"><svg onload=alert(1)>")',
    survives: ['<a href="https://example.com" rel="noopener noreferrer">x</a>'],
    absent: ["svg"],
  },
  {
    name: '"><svg onload> in a link URL',
    markdown: '[x](https://example.com/"><svg/onload=alert(1)>)',
    survives: ['href="https://example.com/&quot;&gt;&lt;svg/onload=alert(1)&gt;"'],
  },
  {
    name: '"><svg onload> in image alt and title',
    markdown: '![a" onerror="alert(1)](/media/0123456789abcdef0123456789abcdef "\\"><svg onload=alert(1)>")',
    survives: ['alt="a&quot; onerror=&quot;alert(1)"', "<figcaption>&quot;&gt;&lt;svg onload=alert(1)&gt;</figcaption>"],
  },
  {
    name: "escaped markup stays text",
    markdown: "\\<script\\>alert(1)\\</script\\> 'quoted'",
    survives: ["&lt;script&gt;alert(1)&lt;/script&gt; &#39;quoted&#39;"],
  },
  { name: "autolink to javascript:", markdown: "<javascript:alert(1)>", survives: ["<p>javascript:alert(1)</p>"], schemeAsText: true },
  { name: "HTML comment", markdown: "<!-- <script>alert(1)</script> -->\n\nok", survives: ["<p>ok</p>"], absent: ["alert"] },
  { name: "style block", markdown: "<style>body{display:none}</style>\n\nok", survives: ["<p>ok</p>"], absent: ["display"] },
  { name: "iframe", markdown: '<iframe src="javascript:alert(1)"></iframe>\n\nok', survives: ["<p>ok</p>"] },
  { name: "svg block", markdown: "<svg><script>alert(1)</script></svg>\n\nok", survives: ["<p>ok</p>"], absent: ["alert"] },
];

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  p: [], h2: [], blockquote: [], ul: [], ol: [], li: [], figcaption: [], strong: [], em: [], br: [], picture: [],
  a: ["href", "rel"],
  figure: ["class"],
  div: ["class", "role", "aria-label"],
  source: ["type", "srcset", "sizes"],
  img: ["class", "src", "srcset", "sizes", "width", "height", "alt", "aria-hidden", "loading", "decoding", "fetchpriority"],
};

/** The one data: URL the renderer writes: a picture's small base64 placeholder. */
const PLACEHOLDER = /^data:image\/(?:webp|png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Every way `html` departs from the renderer's strict grammar and allowlist (empty when clean). */
export function markupViolations(html: string): string[] {
  const problems: string[] = [];
  for (const token of html.split(/(<[^>]*>)/)) {
    if (!token.startsWith("<")) {
      if (/[<>"]/.test(token)) problems.push(`unescaped text: ${token}`);
      continue;
    }
    const tag = /^<(\/?)([a-z0-9]+)((?: [a-z-]+="[^"<>]*")*)>$/.exec(token);
    const name = tag?.[2];
    const allowed = name === undefined ? undefined : ALLOWED[name];
    if (!tag || allowed === undefined) {
      problems.push(`tag: ${token}`);
      continue;
    }
    for (const [, attr, value] of (tag[3] ?? "").matchAll(/ ([a-z-]+)="([^"]*)"/g)) {
      if (attr === undefined || !allowed.includes(attr)) problems.push(`attribute: ${token}`);
      const decoded = (value ?? "").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      if ((attr === "href" || attr === "src") && /^\s*(javascript|vbscript|data):/i.test(decoded) && !(attr === "src" && PLACEHOLDER.test(decoded))) {
        problems.push(`url: ${token}`);
      }
    }
  }
  return problems;
}
