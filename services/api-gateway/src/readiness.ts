import { Lifecycle } from '@globalretail/service-kit';
import { request } from 'undici';
import { UPSTREAMS, UPSTREAM_NAMES, type UpstreamName } from './config';

export const CRITICAL_UPSTREAMS = UPSTREAM_NAMES.filter((name) => UPSTREAMS[name].critical);

/** The gateway's readiness: ready when the services an order needs are, whatever the rest do. */
export interface GatewayReadiness {
  ready: boolean;
  /** Each upstream's own `/readyz`: `ok` or `failing: <why>`. */
  checks: Record<string, string>;
  /** The upstreams that decide `ready`; the others are reported but do not take traffic away. */
  critical: UpstreamName[];
}

async function probe(url: string, timeoutMs: number): Promise<string> {
  try {
    // undici rather than fetch: fetch refuses port 6000 (order-service), a WHATWG "bad port".
    const res = await request(`${url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body.dump();
    return res.statusCode === 200 ? 'ok' : `failing: /readyz answered ${res.statusCode}`;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.name === 'TimeoutError') return `failing: no answer within ${timeoutMs} ms`;
    return `failing: ${e.code ?? e.message}`;
  }
}

/**
 * The kit's lifecycle (draining, shutdown hooks) with readiness computed from the upstreams:
 * the kit's `/readyz` route calls {@link readiness}, so it reports every upstream and answers
 * 200 only while crm-api, inventory-service, logistics-service and order-service are ready.
 * A UI or analytics service being down degrades its pages, not the whole entry point.
 */
export class UpstreamLifecycle extends Lifecycle {
  constructor(
    private readonly upstreams: Record<UpstreamName, string>,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  override async readiness(): Promise<GatewayReadiness> {
    const results = await Promise.all(
      UPSTREAM_NAMES.map(
        async (name) => [name, await probe(this.upstreams[name], this.timeoutMs)] as const,
      ),
    );
    const checks: Record<string, string> = Object.fromEntries(results);
    if (this.draining) checks.shutdown = 'draining';
    const ready = !this.draining && CRITICAL_UPSTREAMS.every((name) => checks[name] === 'ok');
    return { ready, checks, critical: CRITICAL_UPSTREAMS };
  }
}
