/**
 * Credit-aware pacing of outgoing requests: token buckets that mirror Deribit's published limits, so that a burst of
 * start-up calls waits on our side instead of exhausting the account's credits (error 10028 ends the session).
 *
 * Deribit (docs "rate-limits"): non-matching-engine requests cost 500 credits from a pool of 50,000 refilled at
 * 10,000 credits/s, i.e. a burst of 100 requests and 20/s sustained. `public/get_instruments` has its own limit
 * (1 per 10 s over WebSocket, burst 5, per the 10.06.2025 changelog; the stricter of the two published figures),
 * `public/subscribe` ~3.3/s with a burst of 10. A request takes a token from the default bucket and from its
 * method's bucket, when it has one.
 */
import type { LiveClock } from './transport.ts';

export interface BucketSpec {
  /** Tokens when full (the burst). */
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

export interface PacerLimits {
  readonly default: BucketSpec;
  readonly methods: Readonly<Record<string, BucketSpec>>;
}

export const DERIBIT_LIMITS: PacerLimits = {
  default: { capacity: 100, refillPerSecond: 20 },
  methods: {
    'public/get_instruments': { capacity: 5, refillPerSecond: 0.1 },
    'public/subscribe': { capacity: 10, refillPerSecond: 3.3 },
    'private/subscribe': { capacity: 10, refillPerSecond: 3.3 },
  },
};

class Bucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private readonly spec: BucketSpec,
    nowMs: number,
  ) {
    this.tokens = spec.capacity;
    this.updatedMs = nowMs;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedMs) / 1000;
    this.tokens = Math.min(this.spec.capacity, this.tokens + elapsed * this.spec.refillPerSecond);
    this.updatedMs = nowMs;
  }

  /** Milliseconds until one token is available (0 when one is there now). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000);
  }

  take(nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= 1;
  }
}

/** Token buckets per method; `waitMs` says how long a request must wait, `take` spends its tokens. */
export class RequestPacer {
  private readonly defaultBucket: Bucket;
  private readonly methodBuckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: PacerLimits,
    private readonly clock: LiveClock,
  ) {
    this.defaultBucket = new Bucket(limits.default, clock.now());
  }

  private bucketFor(method: string): Bucket | null {
    const spec = this.limits.methods[method];
    if (!spec) return null;
    let b = this.methodBuckets.get(method);
    if (!b) {
      b = new Bucket(spec, this.clock.now());
      this.methodBuckets.set(method, b);
    }
    return b;
  }

  waitMs(method: string): number {
    const now = this.clock.now();
    return Math.max(this.defaultBucket.waitMs(now), this.bucketFor(method)?.waitMs(now) ?? 0);
  }

  take(method: string): void {
    const now = this.clock.now();
    this.defaultBucket.take(now);
    this.bucketFor(method)?.take(now);
  }
}
