/**
 * Drives the relay, the job queue and the scheduler in a process (the API on one box, the worker
 * role on many). Loops poll at a modest interval and are woken at once by local commits.
 */
import type { Logger } from 'pino';
import type { OutboxRelay } from './bus.js';
import type { JobQueue } from './jobs.js';
import type { Scheduler } from './scheduler.js';

export interface BackgroundOptions {
  pollMs?: number;
  schedulerMs?: number;
  /** Runs before each pass (records new event subscriptions). */
  beforePass?: () => Promise<void>;
}

export class BackgroundRunner {
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #schedulerTimer: NodeJS.Timeout | undefined;
  #current: Promise<void> = Promise.resolve();
  #tick: Promise<unknown> = Promise.resolve();
  #again = false;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly queue: JobQueue,
    private readonly scheduler: Scheduler,
    private readonly log: Logger,
    private readonly opts: BackgroundOptions = {},
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.wake();
    this.#schedulerTimer = setInterval(() => {
      this.#tick = this.#tick.then(() =>
        this.scheduler.tick().then(
          (ran) => ran.length > 0 && this.wake(),
          (err: unknown) => this.log.error({ err }, 'scheduler tick failed'),
        ),
      );
    }, this.opts.schedulerMs ?? 5_000);
    this.#schedulerTimer.unref();
  }

  /** Runs a pass now (or right after the current one). */
  wake(): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#again = true;
    this.#current = this.#current.then(() => this.#pass());
  }

  async #pass(): Promise<void> {
    if (!this.#again || !this.#running) return;
    this.#again = false;
    try {
      await this.drain();
    } catch (err) {
      this.log.error({ err }, 'background pass failed');
    }
    if (this.#running && !this.#timer) {
      this.#timer = setTimeout(() => this.wake(), this.opts.pollMs ?? 1_000);
      this.#timer.unref();
    }
  }

  /** Relays and runs until nothing is ready (bounded, so one pass cannot run forever). */
  async drain(maxRounds = 50): Promise<void> {
    await this.opts.beforePass?.();
    for (let i = 0; i < maxRounds; i++) {
      if (i > 0 && !this.#running) return; // stopping: leave the rest to the next process
      const relayed = await this.relay.relayBatch();
      const ran = await this.queue.runReady();
      if (relayed === 0 && ran === 0) return;
    }
  }

  /** Stops polling and waits for the pass and the scheduler tick in progress to end. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#schedulerTimer) clearInterval(this.#schedulerTimer);
    await Promise.all([this.#current, this.#tick]);
  }
}
