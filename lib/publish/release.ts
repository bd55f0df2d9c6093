/**
 * Releasing scheduled articles at their time. The push workers (lib/push/worker.ts:
 * in every server unless WORKER=off, or `npm run worker`) call poll() every
 * second before relaying the outbox; the store releases what is due in one
 * transaction (each article its next change number and its announcement, once
 * however many workers race), and a timer set for the soonest time wakes the
 * poll at that moment rather than up to a second later. The schedule lives in
 * the store, so it survives restarts.
 */
import type { Article } from "@/lib/article/model";
import type { ArticleStore } from "@/lib/store/article-store";

/** Past this, a due time is left to later polls (and setTimeout's 32-bit delay is never approached). */
const TIMER_HORIZON_MS = 60_000;

export class ScheduledRelease {
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;

  constructor(
    private readonly store: ArticleStore,
    /** Runs the next poll now. */
    private readonly wake: () => void,
  ) {}

  /** Releases what is due and sets the timer for what comes next; returns what was released. */
  async poll(): Promise<Article[]> {
    const released = await this.store.releaseDue();
    for (const article of released) console.log(`schedule: released ${article.slug} (due ${article.publishedAt})`);
    this.arm(await this.store.nextScheduledAt());
    return released;
  }

  private arm(next: string | undefined): void {
    const at = next === undefined ? undefined : Date.parse(next);
    if (at === this.armedFor) return;
    this.stop();
    if (at === undefined || at - Date.now() > TIMER_HORIZON_MS) return;
    this.armedFor = at;
    this.timer = setTimeout(() => {
      this.armedFor = undefined;
      this.wake();
    }, Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
  }
}
