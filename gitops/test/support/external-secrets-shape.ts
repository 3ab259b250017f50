/**
 * Field-by-field shapes of the External Secrets objects we render (external-secrets.io/v1),
 * strict: an unknown or misspelt field fails. No model package for these CRDs is installed
 * (`@kubernetes-models/external-secrets` would replace this); the shapes follow the
 * operator's v1 CRDs for the fields used here.
 */
type Shape =
  | 'string'
  | { oneOf: readonly string[] }
  | { object: Record<string, Shape>; optional?: readonly string[] }
  | { record: Shape }
  | { array: Shape };

const meta: Shape = {
  object: {
    name: 'string',
    namespace: 'string',
    labels: { record: 'string' },
    annotations: { record: 'string' },
  },
  optional: ['labels', 'annotations'],
};

export const SECRET_STORE: Shape = {
  object: {
    apiVersion: { oneOf: ['external-secrets.io/v1'] },
    kind: { oneOf: ['SecretStore'] },
    metadata: meta,
    spec: {
      object: {
        provider: {
          object: {
            aws: {
              object: {
                service: { oneOf: ['SecretsManager', 'ParameterStore'] },
                region: 'string',
                auth: {
                  object: {
                    jwt: { object: { serviceAccountRef: { object: { name: 'string' } } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

export const EXTERNAL_SECRET: Shape = {
  object: {
    apiVersion: { oneOf: ['external-secrets.io/v1'] },
    kind: { oneOf: ['ExternalSecret'] },
    metadata: meta,
    spec: {
      object: {
        refreshInterval: 'string',
        secretStoreRef: {
          object: { name: 'string', kind: { oneOf: ['SecretStore', 'ClusterSecretStore'] } },
        },
        target: {
          object: {
            name: 'string',
            creationPolicy: { oneOf: ['Owner', 'Orphan', 'Merge', 'None'] },
            deletionPolicy: { oneOf: ['Delete', 'Merge', 'Retain'] },
            template: {
              object: { engineVersion: { oneOf: ['v2'] }, data: { record: 'string' } },
            },
          },
          optional: ['template'],
        },
        data: {
          array: {
            object: {
              secretKey: 'string',
              remoteRef: { object: { key: 'string', property: 'string' }, optional: ['property'] },
            },
          },
        },
      },
    },
  },
};

/** Every way `value` departs from `shape`, as `path: problem` lines. */
export function shapeProblems(value: unknown, shape: Shape, at = ''): string[] {
  if (shape === 'string')
    return typeof value === 'string' && value.length > 0
      ? []
      : [`${at}: expected a non-empty string`];
  if ('oneOf' in shape)
    return shape.oneOf.includes(value as string)
      ? []
      : [`${at}: expected one of ${shape.oneOf.join(', ')}, got ${JSON.stringify(value)}`];
  if ('array' in shape) {
    if (!Array.isArray(value) || value.length === 0) return [`${at}: expected a non-empty list`];
    return value.flatMap((item, i) => shapeProblems(item, shape.array, `${at}[${i}]`));
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return [`${at}: expected a mapping`];
  const entries = value as Record<string, unknown>;
  if ('record' in shape)
    return Object.entries(entries).flatMap(([k, v]) =>
      shapeProblems(v, shape.record, `${at}.${k}`),
    );
  const problems: string[] = [];
  for (const key of Object.keys(entries))
    if (!(key in shape.object)) problems.push(`${at}.${key}: unknown field`);
  for (const [key, fieldShape] of Object.entries(shape.object)) {
    if (entries[key] === undefined) {
      if (!shape.optional?.includes(key)) problems.push(`${at}.${key}: missing`);
      continue;
    }
    problems.push(...shapeProblems(entries[key], fieldShape, `${at}.${key}`));
  }
  return problems;
}
