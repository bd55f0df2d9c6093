import { describe, expect, it } from "vitest";
import { OVERALL, PER_ADDRESS, SubscriptionLimits, tooManyMessage } from "./limits";

function clock() {
  let ms = 0;
  return { now: () => ms, advance: (seconds: number) => (ms += seconds * 1000) };
}

describe("subscription limits", () => {
  it("let one address send its burst, then one request per interval", () => {
    const time = clock();
    const limits = new SubscriptionLimits(time.now);
    for (let n = 0; n < PER_ADDRESS.burst; n++) expect(limits.take("203.0.113.1")).toBe(0);
    expect(limits.take("203.0.113.1")).toBe(Math.ceil(1 / PER_ADDRESS.perSecond));
    time.advance(1 / PER_ADDRESS.perSecond);
    expect(limits.take("203.0.113.1")).toBe(0);
  });

  it("stop many addresses together at the overall ceiling, as with forged X-Forwarded-For values", () => {
    const time = clock();
    const limits = new SubscriptionLimits(time.now);
    const answers = Array.from({ length: OVERALL.burst + 50 }, (_, n) => limits.take(`10.1.${n >> 8}.${n & 255}`));
    expect(answers.filter((wait) => wait === 0)).toHaveLength(OVERALL.burst);
    expect(answers.at(-1)).toBe(1);
    time.advance(1);
    expect(limits.take("10.2.0.1")).toBe(0);
  });

  it("remember at most the capped number of addresses", () => {
    const time = clock();
    const limits = new SubscriptionLimits(time.now, 500);
    for (let n = 0; n < 20_000; n++) {
      limits.take(`10.3.${n >> 8}.${n & 255}`);
      if (n % 100 === 0) time.advance(60);
    }
    expect(limits.trackedAddresses).toBe(500);
  });
});

describe("the 429 message", () => {
  it.each([
    [1, "ثانية واحدة"],
    [2, "ثانيتين"],
    [6, "6 ثوانٍ"],
    [11, "11 ثانية"],
    [100, "100 ثانية"],
  ])("names %i seconds in Arabic as «%s»", (seconds, phrase) => {
    expect(tooManyMessage(seconds)).toBe(`طلبات اشتراك كثيرة في وقت قصير. حاول مجددًا بعد ${phrase}.`);
  });
});
