import { startSystem } from './system';
import { LOCAL_SERVICES, PORTAL } from './services';

const COLORS = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95];
const useColor = process.stdout.isTTY;
const width = Math.max(...LOCAL_SERVICES.map((s) => s.name.length), 'postgres'.length);
const colorOf = new Map<string, number>();

/** Turns a pino JSON line into `time level msg key=value`, prefixed with the service name. */
function formatLine(service: string, line: string): string {
  if (!colorOf.has(service)) colorOf.set(service, COLORS[colorOf.size % COLORS.length]!);
  const tag = service.padEnd(width);
  const prefix = useColor ? `\x1b[${colorOf.get(service)}m${tag}\x1b[0m |` : `${tag} |`;
  let text = line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const levels: Record<number, string> = {
      10: 'trace',
      20: 'debug',
      30: 'info',
      40: 'warn',
      50: 'error',
      60: 'fatal',
    };
    const {
      time,
      level,
      msg,
      service: _s,
      region: _r,
      name: _n,
      pid: _p,
      hostname: _h,
      ...rest
    } = entry;
    const extras = Object.entries(rest)
      .map(([k, v]) => {
        // A warning's error in one line; errors and fatals keep their stack.
        if (k === 'err' && (level as number) < 50 && typeof v === 'object' && v)
          return `err=${JSON.stringify((v as { message?: unknown }).message ?? v)}`;
        return `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
      })
      .join(' ');
    text = `${String(time ?? '').slice(11, 23)} ${(levels[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')} ${extras}`;
  } catch {
    // not JSON: print as is
  }
  return `${prefix} ${text}`;
}

const DELIVERY_RETRY = 'event delivery failed; will retry in order';

function isDeliveryToServiceNotUpYet(line: string, ready: ReadonlySet<string>): boolean {
  if (!line.includes(DELIVERY_RETRY)) return false;
  try {
    const entry = JSON.parse(line) as { msg?: string; subscriber?: string };
    return entry.msg === DELIVERY_RETRY && !!entry.subscriber && !ready.has(entry.subscriber);
  } catch {
    return false;
  }
}

async function main() {
  const started = Date.now();
  console.log('==> starting PostgreSQL and the services (Ctrl-C stops everything)');
  // Handlers from the first moment: Ctrl-C during start-up must not orphan anything.
  let stopSystem: (() => Promise<void>) | undefined;
  let stopping = false;
  const stop = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n==> ${reason}: stopping services and PostgreSQL`);
    await stopSystem?.();
    console.log('==> stopped');
    process.exit(exitCode);
  };
  // Producers start before the analytics services that consume their events, so until those
  // are ready the outbox relays retry (and warn) every few hundred milliseconds: counted, not shown.
  const ready = new Set<string>();
  let heldBack = 0;
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const system = await startSystem({
    databaseUrl: process.env.DATABASE_URL,
    portal: process.env.START_PORTAL !== 'false',
    onStoppable: (fn) => {
      stopSystem = fn;
    },
    onReady: (service, ms) => {
      ready.add(service);
      console.log(`==> ${service} ready (${(ms / 1000).toFixed(1)} s)`);
    },
    onExit: (service, code, signal) => {
      void stop(`${service} exited (${signal ?? `code ${code}`})`, 1);
    },
    onLine: (service, line) => {
      if (service === 'postgres' && !process.env.SHOW_POSTGRES_LOGS) return;
      if (isDeliveryToServiceNotUpYet(line, ready)) {
        heldBack++;
        return;
      }
      console.log(formatLine(service, line));
    },
  });
  if (heldBack > 0)
    console.log(
      `==> ${heldBack} event deliveries were retried while their consumers were still starting (expected: producers start first; nothing is lost)`,
    );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n==> ready in ${seconds} s\n${summary(system.urls, system.databaseUrl)}`);
}

/** What lives under the gateway: the public URL map (api-gateway's README has all of it). */
const UNDER_THE_GATEWAY: [path: string, what: string][] = [
  ['/', 'customer dashboard (crm-ui): sign in, browse, order, follow orders'],
  ['/track', 'shipment tracking page (tracking-ui): /track/<trackingNumber>'],
  ['/analytics/sales', 'sales insight dashboard (crm-analytics; operators)'],
  ['/analytics/supply', 'supply-chain dashboard (analytics-service; operators)'],
  [
    '/api/...',
    'the JSON APIs: /api/auth/login, /api/products, /api/orders, /api/tracking/<n>, ...',
  ],
];

function summary(urls: Record<string, string>, databaseUrl: string): string {
  const gateway = urls['api-gateway'];
  const direct = [...LOCAL_SERVICES, PORTAL]
    .filter((s) => urls[s.name] && s.name !== 'api-gateway')
    .map((s) => `    ${s.name.padEnd(width)}  ${urls[s.name]!.padEnd(22)}  ${s.description}`)
    .join('\n');
  const login = gateway ? `${gateway}/api/auth/login` : `${urls['crm-api']}/auth/login`;
  const products = gateway ? `${gateway}/api/products` : `${urls['inventory-service']}/products`;
  const portal = urls.portal
    ? `
  Developer portal ${urls.portal}   Backstage: catalog, order tracking, inventory, regions
    sign in as ops@globalretail.example (operator) or dana@globalretail.example (developer)
`
    : '';
  return `${portal}${
    gateway
      ? `
  Open ${gateway}   api-gateway: the single entry for browsers and API clients
${UNDER_THE_GATEWAY.map(([p, what]) => `    ${p.padEnd(18)}  ${what}`).join('\n')}
    ${'/openapi.json'.padEnd(18)}  the URL map, who may call what
`
      : ''
  }
  Each service directly (each has /openapi.json, /healthz, /readyz, /metrics):
${direct}
    ${'database'.padEnd(width)}  ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}

  Demo sign-ins (password: demo-password):
    ava@globalretail.example     customer, us-east-1
    elias@globalretail.example   customer, eu-west-1
    ops@globalretail.example     operator

  Try:  curl -s -X POST ${login} -H 'content-type: application/json' \\
          -d '{"email":"ava@globalretail.example","password":"demo-password"}'
        curl -s ${products} | head -c 300; echo
`;
}

main().catch((err) => {
  console.error(`start failed: ${(err as Error).message}`);
  process.exit(1);
});
