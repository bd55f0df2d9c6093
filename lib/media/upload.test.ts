import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticPhoto } from "@/test/support/synthetic-photo.mjs";
import { MediaError } from "./errors";
import { FileMediaStore } from "./media-store";
import { ingestImage } from "./upload";
import { variantWidths } from "./variants";

function freshStore(): FileMediaStore {
  return new FileMediaStore(path.join(mkdtempSync(path.join(os.tmpdir(), "media-test-")), "media"));
}

async function* chunks(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** Everything the store holds besides its empty scratch folder. */
function stored(store: FileMediaStore): string[] {
  if (!existsSync(store.root)) return [];
  const incoming = path.join(store.root, ".incoming");
  return [...readdirSync(store.root).filter((n) => n !== ".incoming"), ...(existsSync(incoming) ? readdirSync(incoming) : [])];
}

async function refusal(store: FileMediaStore, bytes: Uint8Array, type: string | null): Promise<MediaError> {
  const error = await ingestImage(store, chunks(bytes), type).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  expect((error as MediaError).message).toMatch(/\p{Script=Arabic}/u);
  expect(stored(store)).toEqual([]);
  return error as MediaError;
}

/** A PNG whose header declares `width`×`height` over a few bytes of data: a decompression bomb's shape. */
async function declaredPng(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).png().toBuffer();
  // IHDR's data starts at byte 16; its CRC covers type and data (bytes 12–28).
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

let gpsPhoto: Buffer;
beforeAll(async () => {
  // Portrait once oriented: stored 800×1200 landscape with EXIF orientation 6.
  gpsPhoto = await syntheticPhoto({ width: 1200, height: 800, seed: 7, gps: true, orientation: 6 });
});

describe("ingestImage", () => {
  it("orients, strips every metadata block and stores each width in AVIF, WebP and JPEG", async () => {
    const store = freshStore();
    const up = await ingestImage(store, chunks(gpsPhoto), "image/jpeg");
    expect(up.url).toBe(`/media/${up.id}`);
    expect(up.id).toMatch(/^[0-9a-f]{32}$/);
    expect([up.width, up.height]).toEqual([800, 1200]);
    expect(up.placeholder).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/=]+$/);
    expect(up.placeholder.length).toBeLessThan(400);
    const widths = variantWidths(800);
    expect(widths).toEqual([320, 640, 800]);
    for (const w of widths) {
      for (const format of ["avif", "webp", "jpg"]) {
        const file = await store.open(up.id, `${w}.${format}`);
        expect(file, `${w}.${format}`).toBeDefined();
        const bytes = Buffer.from(await new Response(file!.body).arrayBuffer());
        const meta = await sharp(bytes).metadata();
        expect(meta.width).toBe(w);
        expect(meta.height).toBe(Math.round((w * 1200) / 800));
        expect(meta.orientation ?? 1).toBe(1);
        expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc, comments: meta.comments }).toEqual({
          exif: undefined,
          xmp: undefined,
          iptc: undefined,
          icc: undefined,
          comments: undefined,
        });
      }
    }
    // The upload itself is not kept anywhere.
    expect(stored(store)).toEqual([up.id]);
    expect(readdirSync(path.join(store.root, up.id)).sort()).toEqual(
      ["info.json", ...widths.flatMap((w) => [`${w}.avif`, `${w}.jpg`, `${w}.webp`])].sort(),
    );
  });

  it("gives the same bytes the same URL, and other bytes another", async () => {
    const store = freshStore();
    const first = await ingestImage(store, chunks(gpsPhoto), "image/jpeg");
    const again = await ingestImage(store, chunks(gpsPhoto, 1000), "image/jpeg; charset=binary");
    expect(again.url).toBe(first.url);
    expect([first.created, again.created]).toEqual([true, false]);
    const other = await ingestImage(store, chunks(await syntheticPhoto({ width: 400, height: 300, seed: 8, format: "png" })), "image/png");
    expect(other.url).not.toBe(first.url);
    expect(stored(store).sort()).toEqual([first.id, other.id].sort());
  });

  it("takes PNG with transparency, WebP and AVIF", async () => {
    const store = freshStore();
    const png = await ingestImage(store, chunks(await syntheticPhoto({ width: 500, height: 400, seed: 9, format: "png", alpha: true })), "image/png");
    const webp = await ingestImage(store, chunks(await syntheticPhoto({ width: 500, height: 400, seed: 10, format: "webp" })), "image/webp");
    const avif = await ingestImage(store, chunks(await syntheticPhoto({ width: 500, height: 400, seed: 11, format: "avif" })), "image/avif");
    for (const up of [png, webp, avif]) expect([up.width, up.height]).toEqual([500, 400]);
    const alpha = await sharp(Buffer.from(await new Response((await store.open(png.id, "500.webp"))!.body).arrayBuffer())).metadata();
    expect(alpha.hasAlpha).toBe(true);
  });

  it("refuses SVG, GIF and HEIC by name and by bytes, with 415", async () => {
    const store = freshStore();
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await refusal(store, svg, "image/svg+xml")).status).toBe(415);
    expect((await refusal(store, svg, "image/png")).message).toMatch(/SVG/);
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#f00" } }).gif().toBuffer();
    expect((await refusal(store, gif, "image/gif")).status).toBe(415);
    expect((await refusal(store, gif, "image/jpeg")).message).toMatch(/GIF/);
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic\0\0\0\0mif1heic"), Buffer.alloc(64)]);
    expect((await refusal(store, heic, "image/jpeg")).message).toMatch(/HEIC/);
  });

  it.each([
    ["no type", null, 415],
    ["a type we do not take", "application/octet-stream", 415],
    ["text", "text/plain", 415],
  ])("refuses %s with %i", async (_name, type, status) => {
    const store = freshStore();
    expect((await refusal(store, gpsPhoto, type)).status).toBe(status);
  });

  it("refuses bytes that are no image, or another format than declared, with 400", async () => {
    const store = freshStore();
    expect((await refusal(store, Buffer.from("هذا نص وليس صورة"), "image/jpeg")).status).toBe(400);
    const png = await syntheticPhoto({ width: 64, height: 64, format: "png" });
    const mismatch = await refusal(store, png, "image/jpeg");
    expect([mismatch.status, mismatch.message]).toEqual([400, expect.stringContaining("PNG")]);
    expect((await refusal(store, new Uint8Array(), "image/jpeg")).status).toBe(400);
  });

  it("refuses a truncated photo and a decompression bomb with 400", async () => {
    const store = freshStore();
    const truncated = gpsPhoto.subarray(0, Math.floor(gpsPhoto.length * 0.6));
    expect((await refusal(store, truncated, "image/jpeg")).status).toBe(400);
    const bomb = await declaredPng(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const error = await refusal(store, bomb, "image/png");
    expect([error.status, error.message]).toEqual([400, expect.stringContaining("30000×30000")]);
  });

  it("refuses an animated image with 400, and an upload over 20 MB with 413 without reading it all", async () => {
    const store = freshStore();
    const frame = (c: string) => sharp({ create: { width: 32, height: 32, channels: 3, background: c } }).png().toBuffer();
    const animated = await sharp([await frame("#f00"), await frame("#00f")], { join: { animated: true } }).webp().toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    expect((await refusal(store, animated, "image/webp")).message).toMatch(/المتحركة/);
    let read = 0;
    async function* huge(): AsyncGenerator<Uint8Array> {
      yield Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
      for (;;) {
        read += 1024 * 1024;
        yield new Uint8Array(1024 * 1024);
      }
    }
    const error = await ingestImage(store, huge(), "image/jpeg").then(
      () => undefined,
      (e: unknown) => e as MediaError,
    );
    expect(error?.status).toBe(413);
    expect(read).toBeLessThanOrEqual(21 * 1024 * 1024);
    expect(stored(store)).toEqual([]);
    const declared = await ingestImage(store, chunks(gpsPhoto), "image/jpeg", 21 * 1024 * 1024).then(
      () => undefined,
      (e: unknown) => e as MediaError,
    );
    expect(declared?.status).toBe(413);
  });
});
