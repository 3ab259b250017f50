import { startSystem } from './system';
import { LOCAL_SERVICES } from './services';

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
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    text = `${String(time ?? '').slice(11, 23)} ${(levels[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')} ${extras}`;
  } catch {
    // not JSON: print as is
  }
  return `${prefix} ${text}`;
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
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const system = await startSystem({
    databaseUrl: process.env.DATABASE_URL,
    onStoppable: (fn) => {
      stopSystem = fn;
    },
    onExit: (service, code, signal) => {
      void stop(`${service} exited (${signal ?? `code ${code}`})`, 1);
    },
    onLine: (service, line) => {
      if (service === 'postgres' && !process.env.SHOW_POSTGRES_LOGS) return;
      console.log(formatLine(service, line));
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
==> ready in ${seconds} s
${Object.entries(system.urls)
  .map(([name, url]) => `    ${name.padEnd(width)}  ${url}   (${url}/openapi.json)`)
  .join('\n')}
    database           ${system.databaseUrl.replace(/:[^:@/]+@/, ':***@')}

  Demo sign-ins (password: demo-password):
    ava@globalretail.example     customer, us-east-1
    elias@globalretail.example   customer, eu-west-1
    ops@globalretail.example     operator

  Try:  curl -s -X POST ${system.urls['crm-api']}/auth/login -H 'content-type: application/json' \\
          -d '{"email":"ava@globalretail.example","password":"demo-password"}'
`);
}

main().catch((err) => {
  console.error(`start failed: ${(err as Error).message}`);
  process.exit(1);
});
