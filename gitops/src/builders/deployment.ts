import type { V1Deployment, V1EnvVar, V1Probe } from '@kubernetes/client-node';
import type { ServiceSpec } from '../catalog';
import { objectMeta, selectorLabels, serviceLabels, SYNC_WAVE, type KubeObject } from '../k8s/meta';
import type { SecretEnv } from '../wiring';

export interface DeploymentOptions {
  service: ServiceSpec;
  namespace: string;
  image: string;
  /** The image tag, also shown as the version label. */
  tag: string;
  /** Omitted when an HPA owns the replica count (Argo CD would otherwise undo its scaling). */
  replicas?: number;
  serviceAccountName: string;
  settingsConfigMap: string;
  settingsChecksum: string;
  secretEnv: readonly SecretEnv[];
  /** uid/gid the image runs as; numeric so kubelet can enforce runAsNonRoot. */
  runAsUser: number;
  backstageIdLabel: string;
}

const PORT_NAME = 'http';

const httpProbe = (path: string, periodSeconds: number, failureThreshold: number): V1Probe => ({
  httpGet: { path, port: PORT_NAME },
  periodSeconds,
  timeoutSeconds: 2,
  failureThreshold,
});

// The kit drains for SHUTDOWN_GRACE_MS (10 s) after SIGTERM; the preStop pause lets endpoint
// removal reach every proxy before that starts. Their sum stays under the grace period.
const PRE_STOP_SECONDS = 5;
const TERMINATION_GRACE_SECONDS = 30;

/**
 * A service's Deployment: zero-downtime rolling updates (a new pod must be ready before an
 * old one goes), probes on the kit's /readyz and /healthz, requests and limits, and a
 * container that meets Pod Security `restricted` with a read-only root filesystem.
 */
export function buildDeployment(options: DeploymentOptions): KubeObject<V1Deployment> {
  const { service } = options;
  const labels = {
    ...serviceLabels(service.name),
    'app.kubernetes.io/version': options.tag,
    [options.backstageIdLabel]: service.name,
  };
  const env: V1EnvVar[] = options.secretEnv.map((s) => ({
    name: s.name,
    valueFrom: { secretKeyRef: { name: s.secretName, key: s.key } },
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta({
      name: service.name,
      namespace: options.namespace,
      labels,
      wave: SYNC_WAVE.workload,
    }),
    spec: {
      ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
      revisionHistoryLimit: 5,
      minReadySeconds: 5,
      progressDeadlineSeconds: 300,
      selector: { matchLabels: selectorLabels(service.name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels,
          annotations: {
            'checksum/settings': options.settingsChecksum,
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(service.port),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName: options.serviceAccountName,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: options.runAsUser,
            runAsGroup: options.runAsUser,
            fsGroup: options.runAsUser,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorLabels(service.name) },
            },
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selectorLabels(service.name) },
            },
          ],
          containers: [
            {
              name: service.name,
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: PORT_NAME, containerPort: service.port, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: options.settingsConfigMap } }],
              ...(env.length > 0 ? { env } : {}),
              resources: {
                requests: { ...service.resources.requests },
                limits: { ...service.resources.limits },
              },
              // Migrations run before the server listens: up to 2 minutes before liveness applies.
              startupProbe: httpProbe('/healthz', 2, 60),
              readinessProbe: httpProbe('/readyz', 5, 3),
              livenessProbe: httpProbe('/healthz', 10, 3),
              lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SECONDS } } },
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}
