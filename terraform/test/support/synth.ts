import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { synthesize } from '../../src/main';
import { parseStack, readSynthesizedApp, type SynthesizedStack } from '../../src/synthesized';

/** The whole app synthesized once per test file into a temporary directory, offline. */
export function synthesizeApp(): { outdir: string; stacks: SynthesizedStack[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-app-'));
  synthesize(outdir);
  return { outdir, stacks: readSynthesizedApp(outdir) };
}

/** A construct synthesized alone (cdktf's Testing.synthScope), as JSON text for the matchers. */
export const synthConstruct = (build: (scope: Construct) => void): string =>
  Testing.synthScope(build);

/** The same, parsed, for checks that walk every resource. */
export const parsedConstruct = (build: (scope: Construct) => void): SynthesizedStack => {
  const json = JSON.parse(Testing.synthScope(build)) as Record<string, unknown>;
  // synthScope has no provider; the policy rules want one, as every real stack has.
  return parseStack('test-us-east-1-unit', {
    ...json,
    provider: { aws: [{ region: 'us-east-1' }] },
  });
};

export type Resources = Record<string, Record<string, Record<string, unknown>>>;
/** `resource` section of a synthesized JSON string: type → name → config. */
export const resourcesOf = (synthesized: string): Resources =>
  (JSON.parse(synthesized) as { resource?: Resources }).resource ?? {};

export const onlyResource = (synthesized: string, type: string): Record<string, unknown> => {
  const all = Object.values(resourcesOf(synthesized)[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
};
