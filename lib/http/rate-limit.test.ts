import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, RateLimiter } from "./rate-limit";

function clock() {
  let ms = 0;
  return { now: () => ms, advance: (seconds: number) => (ms += seconds * 1000) };
}

describe("RateLimiter", () => {
  it("allows the burst, then one request per refill interval, and says how long to wait", () => {
    const time = clock();
    const limiter = new RateLimiter({ burst: 3, perSecond: 1 / 5 }, 10, time.now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(5);
    time.advance(2);
    expect(limiter.take("a")).toBe(3);
    time.advance(3);
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(5);
    // Another key has its own bucket.
    expect(limiter.take("b")).toBe(0);
  });

  it("refills no further than the burst, however long a key waits", () => {
    const time = clock();
    const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, 10, time.now);
    limiter.take("a");
    time.advance(3600);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 1]);
  });

  it("never tracks more keys than its cap, forgetting the least recently seen", () => {
    const time = clock();
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 / 60 }, 100, time.now);
    expect(limiter.take("kept")).toBe(0);
    for (let n = 0; n < 5000; n++) {
      limiter.take(`10.0.${n >> 8}.${n & 255}`);
      // "kept" keeps being seen, so it is never the one forgotten, and stays limited.
      if (n % 50 === 0) expect(limiter.take("kept")).toBeGreaterThan(0);
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
    expect(limiter.size).toBe(100);
    expect(limiter.take("kept")).toBeGreaterThan(0);
  });
});

describe("client addresses", () => {
  it("takes the last X-Forwarded-For entry: the one the nearest hop saw", () => {
    const headers = (value: string) => new Headers({ "x-forwarded-for": value });
    expect(clientAddress(headers("203.0.113.7"))).toBe("203.0.113.7");
    expect(clientAddress(headers("1.2.3.4, 198.51.100.9"))).toBe("198.51.100.9");
    expect(clientAddress(headers("::ffff:127.0.0.1"))).toBe("127.0.0.1");
    expect(clientAddress(new Headers())).toBe("unknown");
    expect(clientAddress(headers(`${"9.9.9.9,".repeat(5000)}198.51.100.9`))).toBe("198.51.100.9");
  });

  it("keys IPv6 by its /64, whatever the spelling", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0DB8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressKey("[2001:db8:1:2::9]")).toBe("2001:db8:1:2::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("gives anything that is not an address one shared key, so made-up values cannot grow the map", () => {
    for (const junk of ["", "localhost", "evil", "1.2.3.4.5", "x".repeat(10_000), "<script>"]) expect(addressKey(junk)).toBe("unknown");
  });
});
