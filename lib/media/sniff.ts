/**
 * What an upload's first bytes say it is, whatever its Content-Type claims.
 * Only the formats we accept, and the ones we refuse by name, are told apart.
 */

export type Sniffed = "jpeg" | "png" | "webp" | "avif" | "gif" | "svg" | "heic" | "unknown";

/** The accepted Content-Types, and the format their bytes must be. */
export const ACCEPTED_TYPES: Readonly<Record<string, Sniffed>> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
};

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The ISO-BMFF brands (major and compatible) of an `ftyp` box at the start, if there is one. */
function brands(bytes: Uint8Array): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return [];
  const size = Math.min(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0, bytes.length, 256);
  const out = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) out.push(ascii(bytes, at, at + 4));
  return out;
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return "gif";
  const box = brands(bytes);
  if (box.includes("avif") || box.includes("avis")) return "avif";
  if (box.some((b) => ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].includes(b))) return "heic";
  // SVG is text: an XML declaration, a doctype, a comment or <svg>, after a BOM and white space.
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart();
  if (/^<(?:\?xml|!doctype\s+svg|!--|svg[\s>])/i.test(head) && /<svg[\s>]/i.test(head)) return "svg";
  return "unknown";
}
