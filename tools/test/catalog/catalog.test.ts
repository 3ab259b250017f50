import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  type Entity,
  type GroupEntity,
  type UserEntity,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import { SERVICES as GITOPS_SERVICES } from '../../../gitops/src/catalog';
import { clusterName, prod, regionsOf } from '../../../terraform/src/config';
import { DATABASE_NAME } from '../../src/db/sources';
import {
  callsOf,
  launcherWiring,
  ownsData,
  pageCallsGateway,
  SERVICE_NAMES,
  SERVICES_WITH_MIGRATIONS,
} from './support/call-graph';
import {
  loadCatalog,
  missingLocationTargets,
  ref,
  referencesOf,
  refsIn,
  REPO_ROOT,
  resolvePlaceholders,
  type LoadedEntity,
} from './support/catalog-files';

const catalog: LoadedEntity[] = loadCatalog();
const byRef = new Map(catalog.map((e) => [e.ref, e.entity]));
const entity = (kind: string, name: string): Entity => {
  const found = byRef.get(ref(kind, name));
  if (!found) throw new Error(`no ${kind} ${name} in the catalog`);
  return found;
};
const ofKind = (kind: string) => catalog.filter((e) => e.entity.kind === kind);
const spec = (e: Entity) => e.spec as Record<string, unknown>;
const openApi = (service: string) =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', service, 'openapi.json'), 'utf8')) as {
    info: { title: string };
    paths: Record<string, Record<string, { tags?: string[] }>>;
  };

const SERVICE_DIRS = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'service-kit')
  .map((d) => d.name)
  .sort();

interface Deployment {
  kind: 'Deployment';
  spec?: { template?: { metadata?: { labels?: Record<string, string> } } };
}

/** The Deployments of every rendered manifest under `dir`. */
function deploymentsIn(dir: string): Deployment[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(f.parentPath, f.name), 'utf8')))
    .flatMap((d) => (Array.isArray(d) ? [] : [d.toJSON() as { kind?: string } | null]))
    .filter((o): o is Deployment => o?.kind === 'Deployment');
}

describe('the catalog files', () => {
  it('reach every service through the Location of the root file, and nothing else', () => {
    expect(SERVICE_DIRS).toEqual(SERVICE_NAMES);
    expect(missingLocationTargets(catalog)).toEqual([]);
    expect([...new Set(catalog.map((e) => e.file))].sort()).toEqual(
      [
        'catalog-info.yaml',
        ...SERVICE_NAMES.map((s) => path.join('services', s, 'catalog-info.yaml')),
      ].sort(),
    );
  });

  it('name every entity once', () => {
    const refs = catalog.map((e) => e.ref);
    expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
  });

  // What the catalog backend enforces on ingestion: the envelope and field formats, then the
  // schema of the entity's kind (after placeholders such as `$text` are substituted).
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
    new SchemaValidEntityPolicy(),
  ]);
  const kindValidators = [
    apiEntityV1alpha1Validator,
    componentEntityV1alpha1Validator,
    domainEntityV1alpha1Validator,
    groupEntityV1alpha1Validator,
    locationEntityV1alpha1Validator,
    resourceEntityV1alpha1Validator,
    systemEntityV1alpha1Validator,
    userEntityV1alpha1Validator,
  ];
  it.each(catalog.map((e) => [e.ref, e] as const))(
    '%s is a valid entity of its kind',
    async (_ref, loaded) => {
      const resolved = await policy.enforce(resolvePlaceholders(loaded));
      expect(resolved).toBeDefined();
      const accepted = await Promise.all(kindValidators.map((v) => v.check(resolved!)));
      expect(accepted.filter(Boolean)).toHaveLength(1);
    },
  );

  it('refer only to entities in the catalog', () => {
    const dangling = catalog
      .flatMap((e) => referencesOf(e.entity))
      .filter((r) => !byRef.has(r.to))
      .map((r) => `${r.from} ${r.field} -> ${r.to}`);
    expect(dangling).toEqual([]);
  });
});

describe('one Component and one API per service', () => {
  it('has exactly the nine services as Components, each in its own folder', () => {
    expect(
      ofKind('Component')
        .map((e) => [e.entity.metadata.name, e.file])
        .sort(),
    ).toEqual(SERVICE_NAMES.map((s) => [s, path.join('services', s, 'catalog-info.yaml')]));
  });

  it.each(SERVICE_NAMES)('%s provides its API, defined by its generated OpenAPI file', (name) => {
    const component = entity('Component', name);
    expect(refsIn(component, 'providesApis')).toEqual([ref('API', name)]);
    const api = entity('API', name);
    expect(spec(api)).toMatchObject({
      type: 'openapi',
      lifecycle: 'production',
      owner: spec(component).owner,
      system: spec(component).system,
      definition: { $text: './openapi.json' },
    });
    expect(catalog.find((e) => e.ref === ref('API', name))!.file).toBe(
      path.join('services', name, 'catalog-info.yaml'),
    );
    expect(openApi(name).info.title).toBe(name);
  });

  it.each(SERVICE_NAMES)('%s: in production, in the system, typed by what it serves', (name) => {
    const component = entity('Component', name);
    // A website serves only pages and their assets; a service has an API of its own.
    const tags = Object.values(openApi(name).paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => operation.tags ?? []),
    );
    const website = tags.every((t) => t === 'pages' || t === 'assets');
    expect(spec(component)).toMatchObject({
      type: website ? 'website' : 'service',
      lifecycle: 'production',
      system: 'supplychain-crm',
    });
  });

  it.each(SERVICE_NAMES)('%s: its pods are found in both clusters by its label', (name) => {
    const selector = `app.kubernetes.io/name=${name}`;
    expect(
      entity('Component', name).metadata.annotations?.['backstage.io/kubernetes-label-selector'],
    ).toBe(selector);
    // The rendered GitOps manifests each cluster syncs: a Deployment whose pods carry it.
    for (const region of ['us-east-1', 'eu-west-1']) {
      const podLabels = deploymentsIn(path.join(REPO_ROOT, 'gitops', 'rendered', region)).map(
        (d) => d.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'],
      );
      expect([region, podLabels]).toEqual([region, expect.arrayContaining([name])]);
    }
  });

  it("marks the components the portal's order-tracking and inventory tabs belong on", () => {
    const marked = (annotation: string) =>
      ofKind('Component')
        .filter((e) => e.entity.metadata.annotations?.[annotation] === 'true')
        .map((e) => e.entity.metadata.name)
        .sort();
    expect(marked('globalretail.com/order-tracking')).toEqual([
      'crm-api',
      'logistics-service',
      'order-service',
    ]);
    expect(marked('globalretail.com/inventory')).toEqual(['inventory-service']);
  });
});

describe('dependencies are the real call graph', () => {
  const expectedDependsOn = (service: string) =>
    [
      ...callsOf(service).map((c) => ref('Component', c.to)),
      ...(ownsData(service) ? [ref('Resource', 'crm-supply-db')] : []),
    ]
      .filter((r, i, all) => all.indexOf(r) === i)
      .sort();
  const expectedConsumedApis = (service: string) =>
    [
      ...callsOf(service).map((c) => ref('API', c.to)),
      ...(pageCallsGateway(service) ? [ref('API', 'api-gateway')] : []),
    ]
      .filter((r, i, all) => all.indexOf(r) === i)
      .sort();

  it.each(SERVICE_NAMES)(
    '%s depends on the services its process calls and the database it owns',
    (service) => {
      expect(refsIn(entity('Component', service), 'dependsOn')).toEqual(expectedDependsOn(service));
    },
  );

  it.each(SERVICE_NAMES)(
    '%s consumes the APIs of those, and the gateway when its page calls /api',
    (service) => {
      expect(refsIn(entity('Component', service), 'consumesApis')).toEqual(
        expectedConsumedApis(service),
      );
    },
  );

  it.each(SERVICE_NAMES)(
    '%s: the local launcher wires the same services as its defaults',
    (service) => {
      const calls = callsOf(service);
      for (const wired of launcherWiring(service))
        expect(calls).toContainEqual({ via: wired.via, to: wired.to });
    },
  );

  it('gives crm_supply_db to exactly the services that have migrations', () => {
    expect(SERVICE_NAMES.filter(ownsData)).toEqual(SERVICES_WITH_MIGRATIONS);
    expect(entity('Resource', 'crm-supply-db').metadata.description).toContain(DATABASE_NAME);
  });

  it('finds each consumed endpoint in the callee: /events for events, the JWKS on crm-api', () => {
    for (const service of SERVICE_NAMES)
      for (const call of callsOf(service)) {
        const needed =
          call.via === 'OUTBOX_SUBSCRIBERS'
            ? '/events'
            : call.via === 'JWKS_URL'
              ? '/.well-known/jwks.json'
              : undefined;
        if (needed)
          expect([service, call.to, Object.keys(openApi(call.to).paths)]).toEqual([
            service,
            call.to,
            expect.arrayContaining([needed]),
          ]);
      }
  });

  it("lists every service the gateway's URL map forwards to", () => {
    const upstreams = Object.values(openApi('api-gateway').paths)
      .flatMap((item) => Object.values(item))
      .map((operation) => (operation as { 'x-upstream'?: string })['x-upstream'])
      .filter((u): u is string => Boolean(u))
      .map((u) => ref('Component', u));
    expect(refsIn(entity('Component', 'api-gateway'), 'dependsOn')).toEqual(
      expect.arrayContaining([...new Set(upstreams)]),
    );
  });
});

describe('owners', () => {
  const ownerOf = (kind: string, name: string) => refsIn(entity(kind, name), 'owner')[0];
  const DOMAIN_OF_TEAM: Record<string, string> = {
    [ref('Group', 'team-crm')]: 'crm',
    [ref('Group', 'team-supply')]: 'supply-chain',
    [ref('Group', 'team-platform')]: 'platform',
  };

  it.each(SERVICE_NAMES)('%s: one team owns it, and its side of the system says which', (name) => {
    const component = entity('Component', name);
    const owner = ownerOf('Component', name)!;
    expect(Object.keys(DOMAIN_OF_TEAM)).toContain(owner);
    const side = DOMAIN_OF_TEAM[owner]!;
    for (const e of [component, entity('API', name)]) {
      expect(e.metadata.labels?.['globalretail.com/domain']).toBe(side);
      if (side !== 'platform') {
        expect(e.metadata.tags).toContain(side);
        expect(byRef.has(ref('Domain', side))).toBe(true);
      }
    }
  });

  it('puts the same services on the CRM side as the crm-* namespaces do', () => {
    const crmInCatalog = SERVICE_NAMES.filter(
      (s) => entity('Component', s).metadata.labels?.['globalretail.com/domain'] === 'crm',
    );
    const crmInClusters = Object.values(GITOPS_SERVICES)
      .filter((s) => s.group === 'crm')
      .map((s) => s.name)
      .sort();
    expect(crmInCatalog).toEqual(crmInClusters);
  });

  describe('CODEOWNERS', () => {
    const lines = readFileSync(path.join(REPO_ROOT, '.github', 'CODEOWNERS'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/\s+/));
    const team = (handle: string) => ref('Group', handle.replace(/^@globalretail\//, ''));
    // Only the two forms used (`*` and `/folder/`); the last matching line wins, as on GitHub.
    const ownersOfPath = (file: string) => {
      const rule = lines.filter(([pattern]) => pattern === '*' || `/${file}`.startsWith(pattern!));
      return rule.at(-1)!.slice(1).map(team);
    };

    it('uses only patterns this check understands, and teams that are catalog Groups', () => {
      for (const [pattern, ...owners] of lines) {
        expect(pattern).toMatch(/^(\*|\/[a-z0-9/-]+\/)$/);
        expect(owners.length).toBeGreaterThan(0);
        for (const owner of owners)
          expect(ofKind('Group').map((g) => g.ref)).toContain(team(owner));
      }
    });

    it.each(SERVICE_NAMES)("%s's folder belongs to its Component's owner", (name) => {
      expect(ownersOfPath(`services/${name}/src/main.ts`)).toEqual([ownerOf('Component', name)]);
    });

    it('gives everything else to the owner of the system', () => {
      expect(ownersOfPath('catalog-info.yaml')).toEqual([ownerOf('System', 'supplychain-crm')]);
    });
  });
});

describe('organisation', () => {
  const groups = ofKind('Group').map((e) => e.entity as GroupEntity);
  const users = ofKind('User').map((e) => e.entity as UserEntity);
  const emailOf = (name: string) =>
    users.find((u) => u.metadata.name === name)?.spec.profile?.email;

  it('has the three teams under developers, and ops beside them', () => {
    const childrenOf = (parent: string) =>
      groups
        .filter((g) => g.spec.parent === parent)
        .map((g) => g.metadata.name)
        .sort();
    expect(childrenOf('developers')).toEqual(['team-crm', 'team-platform', 'team-supply']);
    expect(groups.map((g) => g.metadata.name).sort()).toEqual([
      'developers',
      'ops',
      'team-crm',
      'team-platform',
      'team-supply',
    ]);
  });

  it('signs people in by a unique email; the demo operator is in ops, everyone else in a team', () => {
    const emails = users.map((u) => u.spec.profile?.email);
    expect(emails.every(Boolean)).toBe(true);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emailOf('ops')).toBe('ops@globalretail.example');
    for (const user of users) {
      const teams = user.spec.memberOf ?? [];
      if (user.metadata.name === 'ops') expect(teams).toEqual(['ops']);
      else {
        expect(teams).not.toContain('ops');
        expect(teams.some((t) => ['team-crm', 'team-supply', 'team-platform'].includes(t))).toBe(
          true,
        );
      }
    }
  });
});

describe('resources are the infrastructure terraform/ provisions', () => {
  it('names both clusters, the state bucket and the registry as the CDKTF app does', () => {
    for (const region of regionsOf(prod)) {
      const cluster = entity('Resource', `eks-${region.name}`);
      expect(spec(cluster).type).toBe('kubernetes-cluster');
      expect(cluster.metadata.description).toContain(clusterName(prod, region.name));
    }
    expect(spec(entity('Resource', 'terraform-state')).type).toBe('s3-bucket');
    expect(entity('Resource', 'terraform-state').metadata.description).toContain(prod.state.bucket);
    const registry = entity('Resource', 'ecr-supplychain-crm');
    expect(spec(registry).type).toBe('container-registry');
    expect(registry.metadata.description).toContain(`${prod.ecr.namespace}/<service>`);
    expect(spec(entity('Resource', 'crm-supply-db')).type).toBe('database');
  });

  it('keeps every resource in the system', () => {
    for (const { entity: resource } of ofKind('Resource'))
      expect(spec(resource).system).toBe('supplychain-crm');
  });
});
