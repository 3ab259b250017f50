import { LOCAL_SERVICES } from '../../tools/src/launcher/services';
import { MIGRATION_SOURCES } from '../../tools/src/db/sources';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '../src/catalog';
import { CALL_GRAPH } from '../src/call-graph';
import { REGION_NAMES, REGIONS } from '../src/config/regions';
import { SETTINGS } from '../src/config/settings';
import { readImageTags } from '../src/image-tags';
import { regionContext, serviceSettings } from '../src/wiring';
import {
  FAKE_SECRETS,
  parseConfig,
  settingNames,
  settingsRead,
  sourceOf,
} from './support/service-sources';
import { GITOPS_DIR } from './support/rendered';

// The claimed graph (src/call-graph.ts) against what the services themselves say: their
// config schemas, their code, and the local launcher that wires the system the end-to-end
// tests run. Any service gaining or losing a caller or a subscriber breaks one of these.

const byPort = new Map(SERVICE_NAMES.map((s) => [SERVICES[s].port, s] as const));
const claimed = (service: ServiceName, kinds: string[]) =>
  CALL_GRAPH.filter((e) => e.from === service && kinds.includes(e.kind))
    .map((e) => `${e.setting} -> ${e.to}`)
    .sort();

describe('the service catalogue matches each service', () => {
  it.each(SERVICE_NAMES)('%s: port, database, credentials', (service) => {
    const names = settingNames(service);
    const defaults = parseConfig(service, FAKE_SECRETS);
    const spec = SERVICES[service];
    expect(defaults.PORT).toBe(spec.port);
    expect(names.includes('DATABASE_URL')).toBe(spec.database);
    expect(names.includes('SERVICE_AUTH_SECRET')).toBe(spec.serviceAuth);
    expect(names.includes('JWT_PRIVATE_KEY')).toBe(spec.issuesUserTokens);
  });

  it('gives a database to exactly the services that own a schema', () => {
    expect(SERVICE_NAMES.filter((s) => SERVICES[s].database).sort()).toEqual(
      MIGRATION_SOURCES.map((m) => m.migrationsDir.split('/').at(-2)).sort(),
    );
  });

  it('puts the CRM services in crm-* and the supply chain in supply-*', () => {
    expect(SERVICE_NAMES.filter((s) => SERVICES[s].group === 'crm').sort()).toEqual([
      'crm-analytics',
      'crm-api',
      'crm-ui',
    ]);
  });
});

describe('the claimed call graph is the real one', () => {
  it.each(SERVICE_NAMES)('%s: the URLs it is configured with and uses', (service) => {
    const urlSettings = settingNames(service).filter(
      (n) => n.endsWith('_URL') && n !== 'DATABASE_URL',
    );
    const defaults = parseConfig(service, FAKE_SECRETS);
    const real = settingsRead(service, urlSettings)
      .map((setting) => {
        const port = Number(new URL(String(defaults[setting])).port);
        return `${setting} -> ${byPort.get(port) ?? `an unknown service on port ${port}`}`;
      })
      .sort();
    expect(claimed(service, ['http', 'jwks'])).toEqual(real);
  });

  it.each(SERVICE_NAMES)('%s: the subscribers its outbox relay posts events to', (service) => {
    const launcherUrls = Object.fromEntries(
      LOCAL_SERVICES.map((s) => [s.name, `http://127.0.0.1:${s.port}`]),
    );
    const local = LOCAL_SERVICES.find((s) => s.name === service)!;
    const subscribers = (local.env(launcherUrls).OUTBOX_SUBSCRIBERS ?? '')
      .split(',')
      .filter(Boolean)
      .map((entry) => `OUTBOX_SUBSCRIBERS -> ${entry.split('=')[0]}`)
      .sort();
    expect(claimed(service, ['events'])).toEqual(subscribers);
    if (subscribers.length > 0) expect(sourceOf(service)).toContain('startOutboxRelay(');
    for (const edge of CALL_GRAPH.filter((e) => e.from === service && e.kind === 'events'))
      expect([edge.to, sourceOf(edge.to)]).toEqual([
        edge.to,
        expect.stringContaining("path: '/events'"),
      ]);
  });

  it.each(SERVICE_NAMES)('%s: the same service URLs as the local launcher wires', (service) => {
    const local = LOCAL_SERVICES.find((s) => s.name === service)!;
    const all = Object.fromEntries(
      LOCAL_SERVICES.map((s) => [s.name, `http://127.0.0.1:${s.port}`]),
    );
    const launcher = Object.keys(local.env(all))
      .filter((k) => k.endsWith('_URL'))
      .sort();
    expect(claimed(service, ['http']).map((e) => e.split(' ')[0])).toEqual(launcher);
  });
});

describe('the generated settings are a valid configuration of each service', () => {
  // What Kubernetes adds on top of the service's own schema: Node's own variables.
  const NODE_RUNTIME = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'];

  it.each(REGION_NAMES.flatMap((r) => SERVICE_NAMES.map((s) => [r, s] as const)))(
    '%s %s',
    (regionName, service) => {
      const ctx = regionContext(
        SETTINGS,
        REGIONS[regionName],
        readImageTags(GITOPS_DIR, regionName),
      );
      const settings = serviceSettings(ctx, service);
      const known = settingNames(service);
      expect(
        Object.keys(settings).filter((k) => !known.includes(k) && !NODE_RUNTIME.includes(k)),
      ).toEqual([]);
      const config = parseConfig(service, { ...settings, ...FAKE_SECRETS });
      expect(config.NODE_ENV).toBe('production');
      expect(config.REGION).toBe(regionName);
    },
  );
});
