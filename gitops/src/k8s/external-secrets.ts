import type { V1ObjectMeta } from '@kubernetes/client-node';

/**
 * The parts of the External Secrets Operator API (external-secrets.io/v1) this repository
 * writes. The client-node models have no CRDs; test/schemas.test.ts validates every rendered
 * object against the operator's own v1 schema (`@kubernetes-models/external-secrets`).
 */
export interface SecretStore {
  apiVersion: 'external-secrets.io/v1';
  kind: 'SecretStore';
  metadata: V1ObjectMeta;
  spec: {
    provider: {
      aws: {
        service: 'SecretsManager';
        region: string;
        /** IRSA: the operator assumes the role annotated on this ServiceAccount. */
        auth: { jwt: { serviceAccountRef: { name: string } } };
      };
    };
  };
}

export interface ExternalSecretData {
  /** Key in the target Secret (or template variable). */
  secretKey: string;
  remoteRef: { key: string; property?: string };
}

export interface ExternalSecret {
  apiVersion: 'external-secrets.io/v1';
  kind: 'ExternalSecret';
  metadata: V1ObjectMeta;
  spec: {
    refreshInterval: string;
    secretStoreRef: { name: string; kind: 'SecretStore' };
    target: {
      name: string;
      creationPolicy: 'Owner';
      deletionPolicy: 'Retain';
      template?: { engineVersion: 'v2'; data: Record<string, string> };
    };
    data: ExternalSecretData[];
  };
}
