import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
  type LocationEntity,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const ROOT_CATALOG = path.join(REPO_ROOT, 'catalog-info.yaml');

export interface LoadedEntity {
  entity: Entity;
  /** The file it came from, relative to the repository root. */
  file: string;
  ref: string;
}

/** Every document of a catalog file, failing on YAML errors as the catalog would. */
export function readCatalogFile(file: string): Entity[] {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  if (!Array.isArray(documents)) throw new Error(`${file}: not a YAML stream`);
  return documents.map((document, index) => {
    if (document.errors.length)
      throw new Error(`${file}, document ${index + 1}: ${document.errors[0]!.message}`);
    return document.toJSON() as Entity;
  });
}

/**
 * The catalog as Backstage ingests it from the root file: its entities, then those of every
 * file a Location entity names (relative targets resolve against the file naming them).
 */
export function loadCatalog(rootFile = ROOT_CATALOG): LoadedEntity[] {
  const loaded: LoadedEntity[] = [];
  const pending = [rootFile];
  const seen = new Set<string>();
  while (pending.length) {
    const file = pending.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const entity of readCatalogFile(file)) {
      loaded.push({
        entity,
        file: path.relative(REPO_ROOT, file),
        ref: stringifyEntityRef(entity),
      });
      if (entity.kind === 'Location') {
        const { spec } = entity as LocationEntity;
        for (const target of [spec.target, ...(spec.targets ?? [])].filter(Boolean) as string[])
          pending.push(path.resolve(path.dirname(file), target));
      }
    }
  }
  return loaded;
}

/** Location targets that do not exist, as `file -> target`. */
export function missingLocationTargets(entities: LoadedEntity[]): string[] {
  return entities.flatMap(({ entity, file }) => {
    if (entity.kind !== 'Location') return [];
    const { spec } = entity as LocationEntity;
    return [spec.target, ...(spec.targets ?? [])]
      .filter((t): t is string => Boolean(t))
      .filter((t) => !existsSync(path.resolve(REPO_ROOT, path.dirname(file), t)))
      .map((t) => `${file} -> ${t}`);
  });
}

/**
 * The reference fields of the built-in kinds and the kind a bare name means in each, as the
 * catalog backend's BuiltinKindsEntityProcessor reads them (`undefined`: the kind must be
 * written out, as in `component:x` or `resource:y`).
 */
const REFERENCE_FIELDS: Record<string, Record<string, string | undefined>> = {
  Component: {
    owner: 'Group',
    subcomponentOf: 'Component',
    providesApis: 'API',
    consumesApis: 'API',
    dependsOn: undefined,
    dependencyOf: undefined,
    system: 'System',
  },
  API: { owner: 'Group', system: 'System' },
  Resource: { owner: 'Group', dependsOn: undefined, dependencyOf: undefined, system: 'System' },
  System: { owner: 'Group', domain: 'Domain' },
  Domain: { owner: 'Group', subdomainOf: 'Domain' },
  Group: { parent: 'Group', children: 'Group', members: 'User' },
  User: { memberOf: 'Group' },
};

export interface Reference {
  from: string;
  field: string;
  /** The full `kind:namespace/name` it points at. */
  to: string;
}

/** Every reference an entity makes, normalised to full refs (throws on one without a kind). */
export function referencesOf(entity: Entity): Reference[] {
  const fields = REFERENCE_FIELDS[entity.kind] ?? {};
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const from = stringifyEntityRef(entity);
  return Object.entries(fields).flatMap(([field, defaultKind]) => {
    const value = spec[field];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((raw) => {
      const ref = parseEntityRef(String(raw), {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      return { from, field, to: stringifyEntityRef(ref) };
    });
  });
}

/** The refs in one spec field, normalised and sorted (for comparisons). */
export function refsIn(entity: Entity, field: string): string[] {
  return referencesOf(entity)
    .filter((r) => r.field === field)
    .map((r) => r.to)
    .sort();
}

export const ref = (kind: string, name: string) =>
  stringifyEntityRef({ kind, namespace: 'default', name });

/**
 * The entity as the catalog backend's PlaceholderProcessor leaves it: `{ $text: path }`
 * replaced by that file's content, read relative to the file the entity came from. (Only
 * `$text` is used here; any other placeholder is an error.)
 */
export function resolvePlaceholders({ entity, file }: LoadedEntity): Entity {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (!value || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0]!.startsWith('$')) {
      const target = (value as Record<string, unknown>)[keys[0]!];
      if (keys[0] !== '$text' || typeof target !== 'string')
        throw new Error(`${file}: unsupported placeholder ${keys[0]}`);
      return readFileSync(path.resolve(REPO_ROOT, path.dirname(file), target), 'utf8');
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(entity) as Entity;
}
