/**
 * Takes jobs from a JobQueue and runs them, a few at a time per queue: polls
 * when idle, wakes at once when told (a publish in the same process), and
 * takes back jobs whose worker died. A handler that returns completes its
 * job; one that throws fails it, for a retry with backoff.
 */
import type { JobQueue, QueuedJob } from "./queue";

export type JobHandler = (job: QueuedJob) => Promise<void>;

export interface RunnerOptions {
  /** Idle wait between looks at the queue; default 1000 ms. */
  pollMs?: number;
  /** Between takebacks of expired jobs; default 10 s. */
  maintainMs?: number;
  /** Called every poll before fetching (the push outbox relay). */
  onPoll?: () => Promise<void>;
}

export class JobRunner {
  private readonly handlers = new Map<string, { concurrency: number; handler: JobHandler }>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private loop: Promise<void> | undefined;
  /** The last polling error reported: a database that stays down is said once, not every second. */
  private lastProblem: string | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly options: RunnerOptions = {},
  ) {}

  handle(name: string, concurrency: number, handler: JobHandler): this {
    this.handlers.set(name, { concurrency: Math.max(1, Math.floor(concurrency)), handler });
    return this;
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Look at the queue now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops taking jobs and waits up to `graceMs` for those running; what is left is retried after its expiry. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  private running(name: string): number {
    let n = 0;
    for (const p of this.inFlight) if ((p as Promise<void> & { job?: string }).job === name) n++;
    return n;
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    const maintainMs = this.options.maintainMs ?? 10_000;
    let maintainedAt = 0;
    while (!this.stopped) {
      this.woken = false;
      let more = false;
      try {
        if (Date.now() - maintainedAt >= maintainMs) {
          maintainedAt = Date.now();
          await this.queue.maintain();
        }
        await this.options.onPoll?.();
        for (const [name, { concurrency, handler }] of this.handlers) {
          const free = concurrency - this.running(name);
          if (free <= 0 || this.stopped) continue;
          const jobs = await this.queue.fetch(name, free);
          if (jobs.length === free) more = true;
          for (const job of jobs) this.dispatch(name, job, handler);
        }
        this.lastProblem = undefined;
      } catch (error) {
        const problem = (error as Error).message;
        if (problem !== this.lastProblem) console.warn(`jobs: ${problem}`);
        this.lastProblem = problem;
      }
      if (more || this.woken || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private dispatch(name: string, job: QueuedJob, handler: JobHandler): void {
    const run = (async () => {
      let failure: Error | undefined;
      try {
        await handler(job);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        console.warn(`jobs: ${name} ${job.id} failed: ${failure.message}`);
      }
      // A job whose outcome cannot be recorded stays active and runs again after its expiry.
      try {
        if (failure) await this.queue.fail(name, job.id, failure);
        else await this.queue.complete(name, job.id);
      } catch (error) {
        console.warn(`jobs: could not record ${name} ${job.id}: ${(error as Error).message}`);
      }
    })() as Promise<void> & { job?: string };
    run.job = name;
    this.inFlight.add(run);
    // A finished job frees a slot: look for the next one at once.
    void run.finally(() => {
      this.inFlight.delete(run);
      this.wake();
    });
  }
}
