import type { RenderedObject } from './rendered';

/** Who may talk to whom according to a set of NetworkPolicies, resolved to service names. */
export interface AllowedFlow {
  from: string;
  to: string;
  port: number;
  /** Which policy allowed it: the receiver's ingress or the sender's egress. */
  direction: 'ingress' | 'egress';
}

const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/**
 * Resolves NetworkPolicy peers to names: a Deployment of ours (by namespace and pod labels)
 * or `<namespace>/<pod labels>` for platform pods, or `cidr:<range>` for address blocks.
 */
export function allowedFlows(objects: RenderedObject[]): {
  flows: AllowedFlow[];
  problems: string[];
} {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const problems: string[] = [];
  const podsOf = (namespace: string, selector: Record<string, string>) =>
    deployments.filter(
      (d) =>
        d.metadata.namespace === namespace && matches(d.spec.template.metadata.labels, selector),
    );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const peerNames = (peer: any, policy: RenderedObject): string[] => {
    if (peer.ipBlock) {
      if (peer.ipBlock.except) problems.push(`${policy.metadata.name}: ipBlock with exceptions`);
      return [`cidr:${peer.ipBlock.cidr}`];
    }
    const nsLabels = peer.namespaceSelector?.matchLabels;
    const podLabels = peer.podSelector?.matchLabels;
    const namespace = nsLabels?.['kubernetes.io/metadata.name'];
    if (!namespace || !podLabels || Object.keys(podLabels).length === 0) {
      problems.push(
        `${policy.metadata.namespace}/${policy.metadata.name}: a peer that is not one named namespace and labelled pods (${JSON.stringify(peer)})`,
      );
      return [];
    }
    const ours = podsOf(namespace, podLabels);
    if (ours.length > 0) return ours.map((d) => d.metadata.name);
    return [
      `${namespace}/${Object.entries(podLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
    ];
  };
  const flows: AllowedFlow[] = [];
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const selected = podsOf(policy.metadata.namespace!, policy.spec.podSelector.matchLabels ?? {});
    const where = `${policy.metadata.namespace}/${policy.metadata.name}`;
    for (const [direction, rules, peersKey] of [
      ['ingress', policy.spec.ingress ?? [], 'from'],
      ['egress', policy.spec.egress ?? [], 'to'],
    ] as const) {
      for (const rule of rules) {
        if (!rule[peersKey] || rule[peersKey].length === 0)
          problems.push(`${where}: a ${direction} rule open to everyone`);
        if (!rule.ports || rule.ports.length === 0)
          problems.push(`${where}: a ${direction} rule open on every port`);
        for (const peer of rule[peersKey] ?? [])
          for (const name of peerNames(peer, policy))
            for (const port of rule.ports ?? [])
              for (const pod of selected)
                flows.push(
                  direction === 'ingress'
                    ? { from: name, to: pod.metadata.name, port: port.port, direction }
                    : { from: pod.metadata.name, to: name, port: port.port, direction },
                );
      }
    }
  }
  return { flows, problems };
}
