/**
 * What anyone may do to the subscription list without credentials: a few
 * requests per client address, a ceiling for all clients together, and a cap
 * on how many subscriptions are stored (PUSH_MAX_SUBSCRIPTIONS).
 */
import type { PluralForms } from "@/lib/arabic/plural";
import { pluralPhrase } from "@/lib/arabic/plural";
import type { RateLimit } from "@/lib/http/rate-limit";
import { RateLimiter } from "@/lib/http/rate-limit";

/** One browser subscribes once, and again when its keys change: ten at once, then one every six seconds. */
export const PER_ADDRESS: RateLimit = { burst: 10, perSecond: 1 / 6 };
/** All addresses together (they can be forged where no proxy sets X-Forwarded-For): 100 at once, then 5 a second. */
export const OVERALL: RateLimit = { burst: 100, perSecond: 5 };
/** Addresses remembered at once; a bucket is two numbers, so this is well under a megabyte. */
export const MAX_TRACKED_ADDRESSES = 10_000;
export { DEFAULT_MAX_SUBSCRIPTIONS, pushMaxSubscriptions as maxSubscriptions } from "@/lib/config";

const SECONDS: PluralForms = {
  zero: "لحظات",
  one: "ثانية واحدة",
  two: "ثانيتين",
  few: "{n} ثوانٍ",
  many: "{n} ثانية",
  other: "{n} ثانية",
};

/** «حاول مجددًا بعد 6 ثوانٍ», with the noun in the form the count takes. */
export function tooManyMessage(seconds: number): string {
  return `طلبات اشتراك كثيرة في وقت قصير. حاول مجددًا بعد ${pluralPhrase(seconds, SECONDS)}.`;
}

export const FULL_MESSAGE = "بلغت اشتراكات التنبيهات حدّها الأقصى، فلا نقبل اشتراكات جديدة الآن. حاول لاحقًا.";

/** The two limiters, checked per address first so one busy address never spends everyone's allowance. */
export class SubscriptionLimits {
  private readonly perAddress: RateLimiter;
  private readonly overall: RateLimiter;

  constructor(now?: () => number, maxAddresses = MAX_TRACKED_ADDRESSES) {
    this.perAddress = new RateLimiter(PER_ADDRESS, maxAddresses, now);
    this.overall = new RateLimiter(OVERALL, 1, now);
  }

  /** 0 when the request may go on, else the seconds to wait (the Retry-After). */
  take(address: string): number {
    return this.perAddress.take(address) || this.overall.take("*");
  }

  get trackedAddresses(): number {
    return this.perAddress.size;
  }
}
