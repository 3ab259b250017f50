import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  durationSeconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  statusCounts: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  path: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Builds each request; return headers and a body. Called for every request. */
  request?: () => { path?: string; headers?: Record<string, string>; body?: string };
}

/** Runs autocannon against one endpoint for a fixed time and summarises latency and errors. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const statusCounts: Record<string, number> = {};
  let finish: (err: unknown, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, result) => (err ? reject(err) : resolve(result));
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      requests: [
        {
          method: options.method,
          path: options.path,
          headers: options.headers,
          setupRequest: (req) => {
            const extra = options.request?.();
            return {
              ...req,
              ...(extra?.path ? { path: extra.path } : {}),
              headers: { ...req.headers, ...extra?.headers },
              ...(extra?.body !== undefined ? { body: extra.body } : {}),
            };
          },
        },
      ],
    },
    (err, result) => finish(err, result),
  );
  const latencies: number[] = [];
  instance.on(
    'response',
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
    },
  );
  const result = await done;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length
      ? Math.round(
          latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 10,
        ) / 10
      : 0;
  const total = latencies.length;
  return {
    requests: total,
    durationSeconds: result.duration,
    perSecond: total / result.duration,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCounts,
  };
}

export function formatLoad(label: string, r: LoadResult, unit: string): string {
  return [
    `${label}`,
    `  ${unit}/s        ${r.perSecond.toFixed(0)}  (${r.requests} in ${r.durationSeconds.toFixed(1)} s)`,
    `  latency ms      p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99}`,
    `  errors          ${r.errors} transport, ${r.non2xx} non-2xx  statuses ${JSON.stringify(r.statusCounts)}`,
  ].join('\n');
}
