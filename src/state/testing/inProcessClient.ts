/** A RiskClient stand-in for Node tests: calls riskApi directly (no worker), records calls, can emit events. */
import { riskApi, type RiskApi, type RiskMethod } from '../../worker/riskApi.ts';
import type { Channel, ClientEvent, RequestOptions } from '../../worker/riskClient.ts';

export class InProcessClient {
  readonly calls: { channel: Channel; method: RiskMethod }[] = [];
  private readonly listeners = new Set<(e: ClientEvent) => void>();
  /** When set, the next calls of this method reject with the error. */
  failWith: { method: RiskMethod; error: Error } | null = null;

  request<M extends RiskMethod>(
    channel: Channel,
    method: M,
    args: Parameters<RiskApi[M]>,
    _opts: RequestOptions = {},
  ): Promise<Awaited<ReturnType<RiskApi[M]>>> {
    this.calls.push({ channel, method });
    if (this.failWith?.method === method) return Promise.reject(this.failWith.error);
    const fn = riskApi[method] as unknown as (...a: unknown[]) => unknown;
    return Promise.resolve().then(() => fn(...args)) as Promise<Awaited<ReturnType<RiskApi[M]>>>;
  }

  subscribe(listener: (e: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: ClientEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** Let queued microtasks and resolved promises run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
