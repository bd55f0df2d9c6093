/**
 * `npx tsx scripts/bench-markdown.ts [--quick]`: how long publishing takes to
 * refuse the deepest 1 MB Markdown bodies (the pre-parse guard), and how long
 * the parser takes on the worst bodies it still accepts. A report, not a test;
 * figures depend on the machine and its load.
 */
import { parseMarkdownArticle } from "@/lib/article/markdown";
import { checkMarkdownLimits, MarkdownLimitError } from "@/lib/article/markdown-limits";

const MB = 1024 * 1024;
const quick = process.argv.includes("--quick");

/** `unit` repeated (joined by `separator`) to just under `bytes` of UTF-8. */
function fill(unit: string, separator = "\n\n", bytes = MB): string {
  const size = Buffer.byteLength(unit + separator);
  return Array.from({ length: Math.floor(bytes / size) }, () => unit).join(separator);
}
const half = (unit: string) => unit.repeat(Math.floor((MB / 2 - 16) / unit.length));

const refused: Record<string, string> = {
  "run of * around a word": `${half("*")}word${half("*")}`,
  "run of _ around a word": `${half("_")}word${half("_")}`,
  "nested emphasis runs": `${half("*a ")}b${half(" c*")}`,
  "openers never closed": `${half("*a ")}b${half(" c_")}`,
  "run of [": "[".repeat(MB),
  "balanced brackets": `${half("[")}a${half("]")}`,
  "mixed *_[": `${half("*_[")}w${half("]_*")}`,
  "run of >": `${">".repeat(MB - 2)} a`,
  "nested lists - - - -": `${"- ".repeat(MB / 2 - 4)}word`,
  "indented list staircase": Array.from({ length: 1000 }, (_, i) => `${" ".repeat(2 * i)}- a`).join("\n"),
  "items after nested lists": `${"- a\n  - b\n".repeat(300)}\n${"كلمة ".repeat(MB / 10)}`,
  "one paragraph dense with marks": "*a* ".repeat(MB / 4),
  "backtick runs of every length": Array.from({ length: 1400 }, (_, i) => "`".repeat(i + 1)).join("a"),
  "unfinished links, long paragraphs": fill("![a](".repeat(5000)),
  "one-letter paragraphs (over 50,000 lines)": "a\n\n".repeat(MB / 3),
  "ordinary text, deep tail": `${fill("كلمة ".repeat(50))}\n\n${"*".repeat(40)}a${"*".repeat(40)}`,
  "ordinary text, block-deep tail": `${fill("كلمة ".repeat(50))}\n\n${"> ".repeat(9)}a`,
};

const accepted: Record<string, string> = {
  "realistic article": fill("هذه **فقرة** عادية فيها _تأكيد_ و[رابط](https://example.com/x) وكلمات كثيرة أخرى. ".repeat(20)),
  "plain Arabic paragraphs": fill("كلمة ".repeat(60)),
  "emphasis 16 deep, every paragraph": fill(`${"*a ".repeat(16)}b${" c*".repeat(16)}`),
  "quotes 8 deep, 50,000 lines": fill(`${"> ".repeat(8)}a`, "\n", 50_000 * 18),
  "dense marks, short paragraphs": fill("*a* **b** [c](/d) ".repeat(20)),
  "64 unpaired marks a paragraph": fill("*a ".repeat(60)),
  "200 nested items, then text": `${"- a\n  - b\n".repeat(200)}\n\n${fill("كلمة ".repeat(60), "\n\n", MB - 2100)}`,
  "one-letter paragraphs, 50,000 lines": fill("a", "\n\n", 75_000),
  "unfinished links, 450 a paragraph": fill("![a](".repeat(450)),
  "backtick runs of 64 lengths a paragraph": fill(Array.from({ length: 64 }, (_, i) => "`".repeat(i + 1)).join("a")),
};

function time(run: () => unknown): [number, string] {
  const started = performance.now();
  let outcome = "accepted";
  try {
    run();
  } catch (error) {
    outcome = error instanceof MarkdownLimitError ? "refused" : `error: ${(error as Error).message}`;
  }
  return [performance.now() - started, outcome];
}

const row = (name: string, source: string, ms: number, outcome: string) =>
  console.log(`${name.padEnd(36)} ${(Buffer.byteLength(source) / 1024).toFixed(0).padStart(5)} KB ${ms.toFixed(ms < 10 ? 1 : 0).padStart(8)} ms  ${outcome}`);

console.log("Refused before parsing (parseMarkdownArticle, guard only):");
let slowest = 0;
for (const [name, source] of Object.entries(refused)) {
  const [ms, outcome] = time(() => parseMarkdownArticle(source));
  slowest = Math.max(slowest, ms);
  row(name, source, ms, outcome);
}
console.log(`slowest refusal: ${slowest.toFixed(0)} ms\n`);

console.log("Accepted (guard, then the full parse to blocks):");
for (const [name, source] of Object.entries(quick ? Object.fromEntries(Object.entries(accepted).slice(0, 2)) : accepted)) {
  const [guardMs] = time(() => checkMarkdownLimits(source));
  const [ms, outcome] = time(() => parseMarkdownArticle(source));
  row(name, source, ms, `${outcome} (guard ${guardMs.toFixed(0)} ms)`);
}
