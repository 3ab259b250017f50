import type {
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
} from '@kubernetes/client-node';
import { SERVICES, type ServiceName } from '../catalog';
import type { PeerSelector } from '../config/settings';
import {
  objectMeta,
  selectorLabels,
  serviceLabels,
  sharedLabels,
  SYNC_WAVE,
  type KubeObject,
} from '../k8s/meta';
import { namespaceOf, type RegionContext } from '../wiring';

/** One allowed flow: pods (or an address range) and the TCP port on the receiving side. */
export interface TrafficRule {
  peer: PeerSelector | { cidr: string };
  port: number;
  /** Why the flow exists (a call graph edge or a platform add-on), for readers and test messages. */
  reason: string;
}

export interface ServiceNetworkPolicyOptions {
  service: ServiceName;
  namespace: string;
  ingress: readonly TrafficRule[];
  egress: readonly TrafficRule[];
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const peerOf = (rule: TrafficRule): V1NetworkPolicyPeer =>
  'cidr' in rule.peer
    ? { ipBlock: { cidr: rule.peer.cidr } }
    : {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: rule.peer.namespace } },
        podSelector: { matchLabels: { ...rule.peer.podLabels } },
      };
const tcp = (port: number): V1NetworkPolicyPort[] => [{ protocol: 'TCP', port }];

/**
 * The traffic a service may send and receive, from the call graph and the platform: callers
 * reach it on its port, it reaches its callees on theirs; the ingress controller reaches the
 * gateway; Prometheus reaches every service's /metrics; services with a database reach the
 * VPC's PostgreSQL port. DNS is allowed namespace-wide (buildDnsPolicy).
 */
export function serviceTraffic(
  ctx: RegionContext,
  service: ServiceName,
): { ingress: TrafficRule[]; egress: TrafficRule[] } {
  const { platform } = ctx.settings;
  const spec = SERVICES[service];
  const peer = (name: ServiceName): PeerSelector => ({
    namespace: namespaceOf(ctx, name),
    podLabels: selectorLabels(name),
  });
  const callers = [...new Set(ctx.graph.filter((e) => e.to === service).map((e) => e.from))];
  const callees = [...new Set(ctx.graph.filter((e) => e.from === service).map((e) => e.to))];
  const ingress: TrafficRule[] = callers
    .sort()
    .map((caller) => ({ peer: peer(caller), port: spec.port, reason: `from ${caller}` }));
  if (service === 'api-gateway')
    ingress.push({
      peer: platform.ingressController,
      port: spec.port,
      reason: 'from the ingress controller',
    });
  ingress.push({ peer: platform.prometheus, port: spec.port, reason: 'from prometheus' });
  const egress: TrafficRule[] = callees.sort().map((callee) => ({
    peer: peer(callee),
    port: SERVICES[callee].port,
    reason: `to ${callee}`,
  }));
  if (spec.database)
    egress.push({
      peer: { cidr: ctx.region.vpcCidr },
      port: ctx.region.database.port,
      reason: 'to the database',
    });
  return { ingress, egress };
}

/** The policy of one service's pods: only the listed flows, everything else denied. */
export function buildServiceNetworkPolicy(
  options: ServiceNetworkPolicyOptions,
): KubeObject<V1NetworkPolicy> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta({
      name: options.service,
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.prerequisite,
    }),
    spec: {
      podSelector: { matchLabels: selectorLabels(options.service) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: options.ingress.map((rule) => ({ from: [peerOf(rule)], ports: tcp(rule.port) })),
      egress: options.egress.map((rule) => ({ to: [peerOf(rule)], ports: tcp(rule.port) })),
    },
  };
}

/** Denies all traffic to and from every pod of the namespace unless another policy allows it. */
export function buildDefaultDenyPolicy(namespace: string): KubeObject<V1NetworkPolicy> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta({
      name: 'default-deny',
      namespace,
      labels: sharedLabels(),
      wave: SYNC_WAVE.prerequisite,
    }),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** Name lookups: every pod of the namespace may ask the cluster DNS, on port 53 only. */
export function buildDnsPolicy(namespace: string, dns: PeerSelector): KubeObject<V1NetworkPolicy> {
  const to = [
    {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } },
      podSelector: { matchLabels: { ...dns.podLabels } },
    },
  ];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta({
      name: 'allow-dns',
      namespace,
      labels: sharedLabels(),
      wave: SYNC_WAVE.prerequisite,
    }),
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to,
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}
