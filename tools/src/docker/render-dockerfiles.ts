import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../db/sources';
import { dockerfilePath, IMAGE_SERVICES, renderDockerfile } from './dockerfiles';

/**
 * Writes services/<name>/Dockerfile for the nine services from tools/docker/Dockerfile.template.
 *   node tools/dist/docker/render-dockerfiles.js          write them
 *   node tools/dist/docker/render-dockerfiles.js --check  exit 1 naming those that differ
 */
function main(): void {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const service of IMAGE_SERVICES) {
    const file = path.join(repoRoot, dockerfilePath(service.name));
    const wanted = renderDockerfile(service);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === wanted) continue;
    stale.push(dockerfilePath(service.name));
    if (!check) writeFileSync(file, wanted);
  }
  if (check && stale.length > 0) {
    console.error(
      `out of date (run node tools/dist/docker/render-dockerfiles.js): ${stale.join(', ')}`,
    );
    process.exit(1);
  }
  console.log(stale.length === 0 ? 'Dockerfiles up to date' : `wrote ${stale.join(', ')}`);
}

main();
