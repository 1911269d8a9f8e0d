/**
 * Every call to a payment provider goes through here: a timeout and a circuit breaker (opossum) per
 * provider. Five calls within the rolling window of which more than half failed or timed out open the
 * breaker; while it is open calls fail at once with 503 and `Retry-After` (the seconds until it lets
 * one trial call through), and checkout does not even reserve stock (`isOpen`). A decline or a
 * request the provider refused (`ProviderRejected`) is an answer, not a failure: it does not count.
 *
 * The breaker is per process: each replica learns on its own that a provider is down, within a few
 * calls. That is enough to stop piling requests onto a failing provider, and needs no shared state.
 */
import CircuitBreaker from 'opossum';
import { DependencyUnavailable } from '../../platform/errors.js';
import { PaymentProviderRejected, ProviderRejected } from './payments.errors.js';

export interface GatewayOptions {
  /** Milliseconds a provider call may take. */
  timeoutMs: number;
  errorThresholdPercentage?: number;
  volumeThreshold?: number;
  /** Milliseconds an open breaker waits before letting a trial call through. */
  resetTimeoutMs?: number;
  /** The rolling window over which failures are counted (opossum's default: 10 s). */
  rollingCountTimeoutMs?: number;
}

export interface BreakerState {
  provider: string;
  state: 'closed' | 'open' | 'half_open';
  /** Seconds until an open breaker lets a trial call through. */
  retryAfterSeconds: number | null;
}

export interface PaymentGateway {
  /** Runs `call` against `provider` under its timeout and breaker; maps failures to 503 / 422. */
  run<T>(provider: string, call: () => Promise<T>): Promise<T>;
  /** Whether `provider`'s breaker is open (calls would fail at once). */
  isOpen(provider: string): boolean;
  states(): BreakerState[];
  shutdown(): void;
}

type Thunk = () => Promise<unknown>;

/** Seconds a client should wait after a 503 that did not come from an open breaker. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function createPaymentGateway(opts: GatewayOptions): PaymentGateway {
  const resetTimeout = opts.resetTimeoutMs ?? 30_000;
  const breakers = new Map<string, { breaker: CircuitBreaker<[Thunk], unknown>; openedAt: number }>();

  const entryFor = (provider: string) => {
    let entry = breakers.get(provider);
    if (!entry) {
      const breaker = new CircuitBreaker<[Thunk], unknown>((call: Thunk) => call(), {
        name: `payments.${provider}`,
        timeout: opts.timeoutMs,
        errorThresholdPercentage: opts.errorThresholdPercentage ?? 50,
        volumeThreshold: opts.volumeThreshold ?? 5,
        resetTimeout,
        rollingCountTimeout: opts.rollingCountTimeoutMs ?? 10_000,
        // A refusal is the provider working as it should.
        errorFilter: (err: unknown) => err instanceof ProviderRejected,
      });
      const created = { breaker, openedAt: 0 };
      breaker.on('open', () => {
        created.openedAt = Date.now();
      });
      breakers.set(provider, created);
      entry = created;
    }
    return entry;
  };

  const retryAfterOf = (provider: string): number | null => {
    const entry = breakers.get(provider);
    if (!entry?.breaker.opened) return null;
    const remaining = entry.openedAt + resetTimeout - Date.now();
    return Math.max(1, Math.ceil(remaining / 1000));
  };

  return {
    async run<T>(provider: string, call: () => Promise<T>): Promise<T> {
      const { breaker } = entryFor(provider);
      try {
        return (await breaker.fire(call)) as T;
      } catch (err) {
        if (err instanceof ProviderRejected) throw new PaymentProviderRejected(err.code, err.message);
        // Timeout, outage, open breaker: the client may retry, after the breaker half-opens if open.
        throw new DependencyUnavailable('payment provider', retryAfterOf(provider) ?? DEFAULT_RETRY_AFTER_SECONDS);
      }
    },
    isOpen(provider) {
      return breakers.get(provider)?.breaker.opened ?? false;
    },
    states() {
      return [...breakers.entries()].map(([provider, { breaker }]) => ({
        provider,
        state: breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed',
        retryAfterSeconds: retryAfterOf(provider),
      }));
    },
    shutdown() {
      for (const { breaker } of breakers.values()) breaker.shutdown();
      breakers.clear();
    },
  };
}
