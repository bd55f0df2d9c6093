/**
 * `npx tsx scripts/bench-cards.ts [--runs N]`: how long drawing a share card
 * takes (a short headline, a long one that is cut, the home page's card), and
 * its size as the palette PNG served against a JPEG of the same pixels. A
 * report, not a test: figures depend on the machine and its load. A card is
 * drawn once per article revision, then read from disk.
 */
import sharp from "sharp";
import { renderArticleCard, renderSiteCard } from "@/lib/share-card/render";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

const cases: Record<string, () => Promise<Buffer>> = {
  "short headline": () => renderArticleCard("مقال تجريبي: افتتاح مكتبة عامة جديدة"),
  "mixed digits and Latin": () => renderArticleCard("مقال تجريبي عن iPhone 16 و«Android» في 2025: 40% من المستخدمين"),
  "long headline, cut": () => renderArticleCard(`مقال تجريبي: ${"عنوان طويل يتكرر ليملأ البطاقة ".repeat(10)}`),
  "home page card": () => renderSiteCard(),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await renderSiteCard(); // fonts loaded once, as in a running server
console.log(`share cards: median of ${runs} draws`);
for (const [name, draw] of Object.entries(cases)) {
  const times: number[] = [];
  let png: Buffer = Buffer.alloc(0);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    png = await draw();
    times.push(performance.now() - start);
  }
  const jpeg = await sharp(png).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  console.log(`  ${name.padEnd(24)} ${median(times).toFixed(0).padStart(5)} ms   PNG ${(png.length / 1024).toFixed(1)} KB (JPEG q85 ${(jpeg.length / 1024).toFixed(1)} KB)`);
}
