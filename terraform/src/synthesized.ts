import fs from 'node:fs';
import path from 'node:path';

/** One `resource` or `data` block of a synthesized stack. */
export interface SynthesizedBlock {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** A stack's `cdk.tf.json`, with what the tests and the cost estimate need pulled out. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: Readonly<Record<string, unknown>>;
  /** The AWS provider's region (where resources are created and priced). */
  readonly providerRegion: string;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly resources: readonly SynthesizedBlock[];
  readonly dataSources: readonly SynthesizedBlock[];
}

type Json = Record<string, unknown>;

const blocksOf = (stack: string, section: unknown): SynthesizedBlock[] =>
  Object.entries((section ?? {}) as Record<string, Record<string, Json>>).flatMap(
    ([type, byName]) =>
      Object.entries(byName).map(([name, config]) => ({ stack, type, name, config })),
  );

export function parseStack(name: string, json: Json): SynthesizedStack {
  const providers = ((json.provider as Json | undefined)?.aws ?? []) as Json[];
  if (providers.length !== 1) {
    throw new Error(`${name}: expected exactly one aws provider, found ${providers.length}`);
  }
  const provider = providers[0]!;
  const defaultTags =
    ((provider.default_tags as Json[] | undefined)?.[0]?.tags as Record<string, string>) ?? {};
  return {
    name,
    json,
    providerRegion: String(provider.region),
    defaultTags,
    resources: blocksOf(name, json.resource),
    dataSources: blocksOf(name, json.data),
  };
}

/** Reads every stack listed in `<outdir>/manifest.json`. */
export function readSynthesizedApp(outdir: string): SynthesizedStack[] {
  const manifestPath = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`no synthesized app in ${outdir} (run yarn infra:synth)`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, entry]) =>
    parseStack(
      name,
      JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')) as Json,
    ),
  );
}

/**
 * Resolves a `${<type>.<name>.<attr>}` reference to the block it points at in the same
 * stack, or undefined for anything else (literals, cross-stack remote state).
 */
export function referencedBlock(
  stack: SynthesizedStack,
  value: unknown,
): SynthesizedBlock | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/.exec(value);
  if (!match) return undefined;
  return stack.resources.find((r) => r.type === match[1] && r.name === match[2]);
}
