import path from 'node:path';
import { App } from 'cdktf';
import { buildInfrastructure } from './app';
import { prod } from './config';

/** terraform/cdktf.out, from both src/ (tests) and dist/ (the compiled entry point). */
export const DEFAULT_OUTDIR = path.join(__dirname, '..', 'cdktf.out');

/** Synthesizes every stack to `<outdir>/stacks/<stack>/cdk.tf.json`; offline, no cdktf-cli. */
export function synthesize(outdir: string = DEFAULT_OUTDIR): string[] {
  const app = new App({ outdir, skipValidation: false });
  const infrastructure = buildInfrastructure(app, prod);
  app.synth();
  return infrastructure.stacks.map((s) => s.node.id);
}

if (require.main === module) {
  const started = Date.now();
  const stacks = synthesize();
  console.log(
    `synthesized ${stacks.length} stacks to ${path.relative(process.cwd(), DEFAULT_OUTDIR) || '.'} in ${Date.now() - started} ms:\n  ${stacks.join('\n  ')}`,
  );
}
