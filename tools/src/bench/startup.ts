import { rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../db/sources';
import { startSystem } from '../launcher/system';
import { freePort } from '../net';

/** Issue 4: the portal must answer on loopback within 60 s of the start command. */
export const PORTAL_READY_GOAL_SECONDS = 60;

export interface StartupRun {
  /** From the call to the moment the services may start: PostgreSQL up (initdb on a fresh run). */
  databaseMs: number;
  /** Since the services began starting, when each answered its readiness endpoint. */
  readyMs: Record<string, number>;
  /** From the call until everything, the portal included, was ready. */
  totalMs: number;
}

/**
 * What `tools/start.sh` does after its build, timed: a fresh embedded PostgreSQL (initdb,
 * migrations and demo seeds included, as on a first start), the nine services and the portal,
 * on ports +10000 so a running copy is not disturbed. Then everything is stopped again.
 */
export async function timeStartup(): Promise<StartupRun> {
  const dataDir = path.join(repoRoot, '.data', `bench-startup-${process.pid}`);
  const readyMs: Record<string, number> = {};
  const begin = Date.now();
  let servicesBegan: number | undefined;
  const system = await startSystem({
    databaseUrl: process.env.DATABASE_URL,
    embeddedPort: await freePort(),
    dataDir,
    portOffset: 10_000,
    portal: true,
    onReady: (service, ms) => {
      readyMs[service] = ms;
      servicesBegan ??= Date.now() - ms;
    },
  });
  const totalMs = Date.now() - begin;
  await system.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { databaseMs: (servicesBegan ?? begin) - begin, readyMs, totalMs };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One line per run and the medians, next to the goal. */
export function formatStartup(runs: StartupRun[]): string {
  const lines = runs.map((run, i) => {
    const services = Object.entries(run.readyMs).filter(([name]) => name !== 'portal');
    const slowest = services.reduce((a, b) => (b[1] > a[1] ? b : a));
    return (
      `run ${i + 1}: PostgreSQL ${seconds(run.databaseMs)}, nine services ready ` +
      `${seconds(slowest[1])} later (last: ${slowest[0]}), portal ready ` +
      `${seconds(run.databaseMs + (run.readyMs.portal ?? NaN))} after start`
    );
  });
  const portal = median(runs.map((r) => r.databaseMs + (r.readyMs.portal ?? NaN)));
  const services = median(
    runs.map((r) =>
      Math.max(...Object.entries(r.readyMs).flatMap(([n, ms]) => (n === 'portal' ? [] : [ms]))),
    ),
  );
  return [
    ...lines,
    `median: portal reachable ${seconds(portal)} after start ` +
      `(goal: within ${PORTAL_READY_GOAL_SECONDS} s; ${portal <= PORTAL_READY_GOAL_SECONDS * 1000 ? 'met' : 'NOT met'})`,
    `baseline, the nine services without the portal: ready ${seconds(services)} after PostgreSQL`,
  ].join('\n');
}
