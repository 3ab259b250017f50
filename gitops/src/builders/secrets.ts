import type { ServiceName } from '../catalog';
import type { ExternalSecret, ExternalSecretData, SecretStore } from '../k8s/external-secrets';
import { objectMeta, serviceLabels, SYNC_WAVE } from '../k8s/meta';

export interface SecretStoreOptions {
  service: ServiceName;
  namespace: string;
  /** Where the secrets live; a second store reads those kept in another region. */
  awsRegion: string;
  clusterRegion: string;
  /** The service's own ServiceAccount: External Secrets reads with its IRSA role. */
  serviceAccountName: string;
}

export const secretStoreName = (service: ServiceName, awsRegion: string, clusterRegion: string) =>
  awsRegion === clusterRegion ? `${service}-aws-secrets` : `${service}-aws-secrets-${awsRegion}`;

/**
 * A store per service, authenticated as the service's ServiceAccount: each service's IAM role
 * can read its own secrets and no other service's.
 */
export function buildSecretStore(options: SecretStoreOptions): SecretStore {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'SecretStore',
    metadata: objectMeta({
      name: secretStoreName(options.service, options.awsRegion, options.clusterRegion),
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.prerequisite,
    }),
    spec: {
      provider: {
        aws: {
          service: 'SecretsManager',
          region: options.awsRegion,
          auth: { jwt: { serviceAccountRef: { name: options.serviceAccountName } } },
        },
      },
    },
  };
}

export interface ExternalSecretOptions {
  service: ServiceName;
  namespace: string;
  /** The Secret External Secrets creates and keeps in step with AWS Secrets Manager. */
  targetSecret: string;
  secretStore: string;
  data: ExternalSecretData[];
  /** Go templates building the Secret's keys from `data` (e.g. a connection URL). */
  template?: Record<string, string>;
}

export function buildExternalSecret(options: ExternalSecretOptions): ExternalSecret {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: objectMeta({
      name: options.targetSecret,
      namespace: options.namespace,
      labels: serviceLabels(options.service),
      wave: SYNC_WAVE.prerequisite,
    }),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: options.secretStore, kind: 'SecretStore' },
      target: {
        name: options.targetSecret,
        creationPolicy: 'Owner',
        // A Secret must outlive a pruned or renamed ExternalSecret while pods still read it.
        deletionPolicy: 'Retain',
        ...(options.template ? { template: { engineVersion: 'v2', data: options.template } } : {}),
      },
      data: options.data,
    },
  };
}

export interface DatabaseUrlOptions {
  host: string;
  port: number;
  database: string;
}

/**
 * DATABASE_URL assembled by External Secrets from the RDS master secret's `username` and
 * `password`: the password is never in Git, in Argo CD, or in Terraform state. TLS is
 * verified against the RDS certificate authorities (NODE_EXTRA_CA_CERTS).
 */
export const databaseUrlTemplate = (db: DatabaseUrlOptions) =>
  `postgresql://{{ .username | urlquery }}:{{ .password | urlquery }}@${db.host}:${db.port}/${db.database}?sslmode=verify-full`;
