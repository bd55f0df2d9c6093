/**
 * In-memory rate limits for endpoints anyone may call, and the client address
 * they are keyed on. Memory is bounded twice over: keys are canonical IP
 * addresses (or a /64 for IPv6), and the map of keys itself is capped.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Requests allowed per second after the burst. */
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key. The least recently seen key makes room for a new
 * one when `maxKeys` are tracked: forgetting a key gives it a full bucket
 * again, so an address is pushed out only by `maxKeys` others, and a limit
 * over all keys together (a limiter with one key) bounds what they can do.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.burst >= 1 && limit.perSecond > 0 && maxKeys >= 1)) throw new RangeError("rate limit needs burst ≥ 1, a positive rate and room for one key");
  }

  /** Takes one request for `key`: 0 when allowed, else the whole seconds until one will be. */
  take(key: string): number {
    const at = this.now();
    const known = this.buckets.get(key);
    let bucket: Bucket;
    if (known) {
      this.buckets.delete(key);
      bucket = { tokens: Math.min(this.limit.burst, known.tokens + ((at - known.at) / 1000) * this.limit.perSecond), at };
    } else {
      while (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest === undefined) break;
        this.buckets.delete(oldest);
      }
      bucket = { tokens: this.limit.burst, at };
    }
    // Re-inserted, so the map's order is least recently seen first.
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  /** How many keys are tracked now. */
  get size(): number {
    return this.buckets.size;
  }
}

/** An IPv6 address as its eight 16-bit groups (the address is already known valid). */
function ipv6Groups(address: string): number[] {
  const [head = "", tail] = address.split("::");
  const parse = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const start = parse(head);
  const end = tail === undefined ? [] : parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}

const UNKNOWN_CLIENT = "unknown";

/**
 * The key for a client address: IPv4 as is (also when IPv4-mapped), IPv6 by
 * its /64, since one subscriber line gets a whole /64 to pick addresses from.
 * Anything that is not an address shares one key.
 */
export function addressKey(raw: string): string {
  let address = raw.trim().toLowerCase();
  if (address.length > 64) return UNKNOWN_CLIENT;
  if (address.startsWith("[") && address.includes("]")) address = address.slice(1, address.indexOf("]"));
  address = address.split("%")[0] ?? "";
  if (address.startsWith("::ffff:") && isIPv4(address.slice(7))) return address.slice(7);
  if (isIPv4(address)) return address;
  if (isIPv6(address)) {
    return `${ipv6Groups(address)
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(":")}::/64`;
  }
  return UNKNOWN_CLIENT;
}

/**
 * The client's address as `next start` reports it: Next sets X-Forwarded-For
 * to the socket's peer address only when the request has none, so behind a
 * reverse proxy the proxy must set (or append to) it. The last entry is the
 * one the nearest hop saw; the ones before it are the client's own say-so.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for") ?? "";
  return addressKey(forwarded.slice(-256).split(",").at(-1) ?? "");
}
