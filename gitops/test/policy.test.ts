import { AUTOSCALED, SERVICE_NAMES, SERVICES, type ServiceName } from '../src/catalog';
import { callPairs } from '../src/call-graph';
import { REGIONS, REGION_NAMES } from '../src/config/regions';
import { registryHost, SETTINGS } from '../src/config/settings';
import { readImageTags } from '../src/image-tags';
import { allowedFlows } from './support/network';
import { GITOPS_DIR, idOf, loadRendered, type RenderedObject } from './support/rendered';

const all = loadRendered();
const inRegion = (region: string) => all.filter((o) => o.file.startsWith(`${region}/`));
const ofKind = (objects: RenderedObject[], kind: string) => objects.filter((o) => o.kind === kind);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const containersOf = (d: RenderedObject): any[] => [
  ...(d.spec.template.spec.initContainers ?? []),
  ...d.spec.template.spec.containers,
];
const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describe.each(REGION_NAMES)('%s', (regionName) => {
  const region = REGIONS[regionName];
  const objects = inRegion(regionName);
  const deployments = ofKind(objects, 'Deployment');
  const tags = readImageTags(GITOPS_DIR, regionName);
  const namespaceOf = (service: ServiceName) => region.namespaces[SERVICES[service].group];

  it('runs every service once, in its namespace, and nothing else', () => {
    expect(deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual(
      SERVICE_NAMES.map((s) => `${namespaceOf(s)}/${s}`).sort(),
    );
    expect(
      ofKind(objects, 'Namespace')
        .map((n) => n.metadata.name)
        .sort(),
    ).toEqual(Object.values(region.namespaces).sort());
    expect(new Set(objects.map((o) => o.metadata.namespace ?? o.metadata.name))).toEqual(
      new Set(Object.values(region.namespaces)),
    );
  });

  it('pulls each image by the tag in its tag file: ECR, never latest or untagged', () => {
    const registry = `${registryHost(SETTINGS, region.imageRegistryRegion)}/supplychain-crm`;
    for (const d of deployments)
      for (const c of containersOf(d)) {
        expect(c.image).toBe(
          `${registry}/${d.metadata.name}:${tags[d.metadata.name as ServiceName]}`,
        );
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.image.split('/').pop()).toMatch(/^[a-z-]+:[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
      }
  });

  it('probes readiness on /readyz and liveness on /healthz, on a declared port', () => {
    for (const d of deployments)
      for (const c of d.spec.template.spec.containers) {
        const ports = (c.ports ?? []).map((p: { name: string }) => p.name);
        expect([idOf(d), c.readinessProbe?.httpGet?.path]).toEqual([idOf(d), '/readyz']);
        expect([idOf(d), c.livenessProbe?.httpGet?.path]).toEqual([idOf(d), '/healthz']);
        expect(ports).toContain(c.readinessProbe.httpGet.port);
        expect(ports).toContain(c.livenessProbe.httpGet.port);
      }
  });

  it('gives every container CPU and memory requests and limits', () => {
    for (const d of deployments)
      for (const c of containersOf(d))
        for (const kind of ['requests', 'limits'])
          for (const resource of ['cpu', 'memory'])
            expect([idOf(d), kind, resource, typeof c.resources?.[kind]?.[resource]]).toEqual([
              idOf(d),
              kind,
              resource,
              'string',
            ]);
  });

  it('meets Pod Security restricted: non-root, read-only root, no capabilities, seccomp', () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect([idOf(d), pod.securityContext?.runAsNonRoot]).toEqual([idOf(d), true]);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
      expect(pod.hostIPC ?? false).toBe(false);
      expect((pod.volumes ?? []).filter((v: object) => 'hostPath' in v)).toEqual([]);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of containersOf(d)) {
        const sc = c.securityContext ?? {};
        expect([idOf(d), sc.allowPrivilegeEscalation]).toEqual([idOf(d), false]);
        expect([idOf(d), sc.readOnlyRootFilesystem]).toEqual([idOf(d), true]);
        expect(sc.privileged ?? false).toBe(false);
        expect(sc.capabilities?.drop).toEqual(['ALL']);
        expect(sc.capabilities?.add).toBeUndefined();
        expect(sc.runAsUser ?? pod.securityContext.runAsUser).not.toBe(0);
      }
    }
    for (const ns of ofKind(objects, 'Namespace'))
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('rolls out without taking a pod away first, and keeps a budget for evictions', () => {
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    for (const d of deployments) {
      expect([idOf(d), d.spec.strategy?.type]).toEqual([idOf(d), 'RollingUpdate']);
      expect([idOf(d), d.spec.strategy.rollingUpdate?.maxUnavailable]).toEqual([idOf(d), 0]);
      const covering = budgets.filter(
        (b) =>
          b.metadata.namespace === d.metadata.namespace &&
          matches(d.spec.template.metadata.labels, b.spec.selector.matchLabels),
      );
      expect([idOf(d), covering.length]).toEqual([idOf(d), 1]);
    }
  });

  it('runs the primary with 2 replicas and the standby with fewer; the HPA owns analytics-service', () => {
    const autoscalers = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(autoscalers.map((h) => h.metadata.name)).toEqual(Object.keys(AUTOSCALED));
    const hpa = autoscalers[0]!;
    expect(hpa.metadata.namespace).toBe(namespaceOf('analytics-service'));
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'analytics-service',
    });
    expect(hpa.spec.maxReplicas).toBe(4);
    expect(hpa.spec.minReplicas).toBe(region.replicas);
    expect(hpa.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ]);
    for (const d of deployments)
      expect([d.metadata.name, d.spec.replicas]).toEqual([
        d.metadata.name,
        d.metadata.name === 'analytics-service' ? undefined : region.replicas,
      ]);
    if (region.role === 'primary') expect(region.replicas).toBe(2);
    else expect(region.replicas).toBeLessThan(REGIONS['us-east-1'].replicas);
  });

  it('gives every Service pods to route to, on a port those pods declare', () => {
    const services = ofKind(objects, 'Service');
    expect(services).toHaveLength(SERVICE_NAMES.length);
    for (const s of services) {
      expect(s.spec.type).toBe('ClusterIP');
      const targets = deployments.filter(
        (d) =>
          d.metadata.namespace === s.metadata.namespace &&
          matches(d.spec.template.metadata.labels, s.spec.selector ?? {}),
      );
      expect([idOf(s), targets.map((d) => d.metadata.name)]).toEqual([idOf(s), [s.metadata.name]]);
      const declared = targets[0]!.spec.template.spec.containers.flatMap(
        (c: { ports: { name: string }[] }) => c.ports.map((p) => p.name),
      );
      for (const port of s.spec.ports) expect(declared).toContain(port.targetPort);
    }
  });

  it('sends the public and the regional host to api-gateway through NGINX', () => {
    const [ingress, ...others] = ofKind(objects, 'Ingress');
    expect(others).toEqual([]);
    expect(ingress!.spec.ingressClassName).toBe('nginx');
    const toGateway = {
      paths: [
        {
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: 'api-gateway', port: { name: 'http' } } },
        },
      ],
    };
    // The public host, and the region's own host that Route 53 health-checks (/readyz).
    const hosts = [
      'supplychain-crm.globalretail.com',
      `${regionName}.supplychain-crm.globalretail.com`,
    ];
    expect(ingress!.spec.rules).toEqual(hosts.map((host) => ({ host, http: toGateway })));
    expect(ingress!.spec.tls).toEqual([{ hosts, secretName: 'supplychain-crm-tls' }]);
    expect(ingress!.metadata.namespace).toBe(namespaceOf('api-gateway'));
  });

  it('denies all traffic by default in every namespace and allows DNS only on port 53', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    for (const namespace of Object.values(region.namespaces)) {
      const deny = policies.find(
        (p) => p.metadata.namespace === namespace && p.metadata.name === 'default-deny',
      );
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      const dns = policies.find(
        (p) => p.metadata.namespace === namespace && p.metadata.name === 'allow-dns',
      );
      expect(dns?.spec.policyTypes).toEqual(['Egress']);
      expect(dns?.spec.ingress).toBeUndefined();
      expect(
        dns?.spec.egress.flatMap((r: { ports: { port: number }[] }) => r.ports.map((p) => p.port)),
      ).toEqual([53, 53]);
    }
  });

  it('lets through exactly the edges of the call graph, in both directions', () => {
    const { flows, problems } = allowedFlows(
      objects.filter((o) => o.metadata.name !== 'allow-dns'),
    );
    expect(problems).toEqual([]);
    const ours = new Set<string>(SERVICE_NAMES);
    const between = (direction: 'ingress' | 'egress') =>
      [
        ...new Set(
          flows
            .filter((f) => f.direction === direction && ours.has(f.from) && ours.has(f.to))
            .map((f) => `${f.from} -> ${f.to}:${f.port}`),
        ),
      ].sort();
    const expected = callPairs()
      .map((e) => `${e.from} -> ${e.to}:${SERVICES[e.to].port}`)
      .sort();
    expect(between('ingress')).toEqual(expected);
    expect(between('egress')).toEqual(expected);
  });

  it('talks to the outside only as the platform needs: ingress, Prometheus, DNS, the database', () => {
    const { flows } = allowedFlows(objects);
    const ours = new Set<string>(SERVICE_NAMES);
    const external = flows.filter((f) => !ours.has(f.from) || !ours.has(f.to));
    const inbound = [
      ...new Set(
        external
          .filter((f) => f.direction === 'ingress')
          .map((f) => `${f.from} -> ${f.to}:${f.port}`),
      ),
    ].sort();
    expect(inbound).toEqual(
      [
        `ingress-nginx/app.kubernetes.io/name=ingress-nginx -> api-gateway:8080`,
        ...SERVICE_NAMES.map(
          (s) => `monitoring/app.kubernetes.io/name=prometheus -> ${s}:${SERVICES[s].port}`,
        ),
      ].sort(),
    );
    const outbound = [
      ...new Set(
        external
          .filter((f) => f.direction === 'egress')
          .map((f) => `${f.from} -> ${f.to}:${f.port}`),
      ),
    ].sort();
    expect(outbound).toEqual(
      [
        ...SERVICE_NAMES.filter((s) => SERVICES[s].database).map(
          (s) => `${s} -> cidr:${region.vpcCidr}:5432`,
        ),
        ...SERVICE_NAMES.map((s) => `${s} -> kube-system/k8s-app=kube-dns:53`),
      ].sort(),
    );
  });

  it('has no literal secret: secret values come only from Secrets that External Secrets fills', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const externalSecrets = ofKind(objects, 'ExternalSecret');
    for (const cm of ofKind(objects, 'ConfigMap'))
      for (const [key, value] of Object.entries(cm.data as Record<string, string>)) {
        expect([idOf(cm), key]).not.toEqual([
          idOf(cm),
          expect.stringMatching(/SECRET|PASSWORD|PRIVATE|TOKEN|DATABASE_URL/),
        ]);
        expect(value).not.toMatch(/:\/\/[^/@\s]+:[^/@\s]+@/);
      }
    for (const d of deployments)
      for (const c of containersOf(d))
        for (const env of c.env ?? []) {
          expect([idOf(d), env.name, env.value]).toEqual([idOf(d), env.name, undefined]);
          const ref = env.valueFrom?.secretKeyRef;
          if (!ref) continue;
          const source = externalSecrets.find(
            (e) => e.metadata.namespace === d.metadata.namespace && e.spec.target.name === ref.name,
          );
          expect([idOf(d), env.name, source && idOf(source)]).toEqual([
            idOf(d),
            env.name,
            expect.any(String),
          ]);
          const keys = [
            ...Object.keys(source!.spec.target.template?.data ?? {}),
            ...(source!.spec.target.template
              ? []
              : source!.spec.data.map((x: { secretKey: string }) => x.secretKey)),
          ];
          expect(keys).toContain(ref.key);
        }
    for (const es of externalSecrets) {
      const store = ofKind(objects, 'SecretStore').find(
        (s) =>
          s.metadata.namespace === es.metadata.namespace &&
          s.metadata.name === es.spec.secretStoreRef.name,
      );
      // Database credentials are the RDS-managed secret, kept with the primary instance.
      const secretRegion = es.spec.target.template?.data.DATABASE_URL
        ? region.database.credentialsSecret.awsRegion
        : regionName;
      expect([idOf(es), store?.spec.provider.aws.region]).toEqual([idOf(es), secretRegion]);
      const account = ofKind(objects, 'ServiceAccount').find(
        (a) =>
          a.metadata.namespace === es.metadata.namespace &&
          a.metadata.name === store!.spec.provider.aws.auth.jwt.serviceAccountRef.name,
      );
      expect(account?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(
        new RegExp(
          `^arn:aws:iam::\\d{12}:role/supplychain-crm-${regionName}-${account!.metadata.name}$`,
        ),
      );
    }
  });

  it('references only ConfigMaps and ServiceAccounts that exist, and restarts pods when settings change', () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(
        ofKind(objects, 'ServiceAccount').some(
          (a) =>
            a.metadata.namespace === d.metadata.namespace &&
            a.metadata.name === pod.serviceAccountName,
        ),
      ).toBe(true);
      for (const c of containersOf(d))
        for (const from of c.envFrom ?? []) {
          const cm = ofKind(objects, 'ConfigMap').find(
            (m) =>
              m.metadata.namespace === d.metadata.namespace &&
              m.metadata.name === from.configMapRef.name,
          );
          expect([idOf(d), cm && idOf(cm)]).toEqual([idOf(d), expect.any(String)]);
        }
      expect(d.spec.template.metadata.annotations['checksum/settings']).toMatch(/^[0-9a-f]{64}$/);
      expect(d.spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
    }
  });

  it('orders sync waves: namespaces, then prerequisites, then workloads, then the edge', () => {
    const wave = (o: RenderedObject) =>
      Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
    const waves = (kind: string) => [...new Set(ofKind(objects, kind).map(wave))];
    expect(waves('Namespace')).toEqual([-2]);
    for (const kind of [
      'ServiceAccount',
      'ConfigMap',
      'ExternalSecret',
      'SecretStore',
      'NetworkPolicy',
      'Role',
      'RoleBinding',
    ])
      expect([kind, waves(kind)]).toEqual([kind, [-1]]);
    for (const kind of ['Deployment', 'Service']) expect([kind, waves(kind)]).toEqual([kind, [0]]);
    for (const kind of ['Ingress', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'])
      expect([kind, waves(kind)]).toEqual([kind, [1]]);
    expect(objects.filter((o) => Number.isNaN(wave(o))).map(idOf)).toEqual([]);
  });

  it('keeps RBAC inside the namespaces and away from Secrets', () => {
    expect(objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    for (const role of ofKind(objects, 'Role'))
      for (const rule of role.rules) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
      }
    for (const binding of ofKind(objects, 'RoleBinding')) {
      expect(binding.roleRef.kind).toBe('Role');
      for (const subject of binding.subjects) expect(subject.kind).toBe('Group');
    }
  });
});

describe('Argo CD', () => {
  const appSet = all.find((o) => o.kind === 'ApplicationSet')!;
  const project = all.find((o) => o.kind === 'AppProject')!;

  it('selects both clusters by their region and role labels', () => {
    expect(appSet.spec.generators).toEqual([
      {
        clusters: {
          selector: {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['us-east-1', 'eu-west-1'] },
              { key: 'role', operator: 'In', values: ['primary', 'standby'] },
            ],
          },
        },
      },
    ]);
    expect(appSet.spec.template.spec.source.path).toBe(
      'gitops/rendered/{{ .metadata.labels.region }}',
    );
  });

  it('syncs automatically with prune and self-heal, primary first', () => {
    expect(appSet.spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(appSet.spec.strategy.type).toBe('RollingSync');
    expect(
      appSet.spec.strategy.rollingSync.steps.map(
        (s: { matchExpressions: { key: string; values: string[] }[] }) => s.matchExpressions,
      ),
    ).toEqual([
      [{ key: 'role', operator: 'In', values: ['primary'] }],
      [{ key: 'role', operator: 'In', values: ['standby'] }],
    ]);
    expect(appSet.spec.template.metadata.labels.role).toBe('{{ .metadata.labels.role }}');
  });

  it('limits the project to this repository, the four namespaces and the kinds rendered', () => {
    expect(project.spec.sourceRepos).toEqual([appSet.spec.template.spec.source.repoURL]);
    expect(project.spec.destinations.map((d: { namespace: string }) => d.namespace).sort()).toEqual(
      ['crm-eu', 'crm-us', 'supply-eu', 'supply-us'],
    );
    const allowed = new Set(
      [...project.spec.clusterResourceWhitelist, ...project.spec.namespaceResourceWhitelist].map(
        (k: { group: string; kind: string }) => `${k.group}/${k.kind}`,
      ),
    );
    const groupOf = (apiVersion: string) =>
      apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const rendered = new Set(
      all
        .filter((o) => !o.file.startsWith('argocd/'))
        .map((o) => `${groupOf(o.apiVersion)}/${o.kind}`),
    );
    expect([...rendered].filter((k) => !allowed.has(k))).toEqual([]);
    expect(allowed.has('/Secret')).toBe(false);
  });
});
