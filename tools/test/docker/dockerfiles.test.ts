import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/db/sources';
import { parseDockerfile } from '../../src/docker/dockerfile';
import { dockerfilePath, IMAGE_SERVICES, renderDockerfile } from '../../src/docker/dockerfiles';

const read = (rel: string) => readFileSync(path.join(repoRoot, rel), 'utf8');

describe('the service Dockerfiles', () => {
  it('exist for exactly the services (every workspace under services/ but the kit)', () => {
    const workspaces = readdirSync(path.join(repoRoot, 'services')).filter(
      (d) => d !== 'service-kit' && existsSync(path.join(repoRoot, 'services', d, 'package.json')),
    );
    expect(IMAGE_SERVICES.map((s) => s.name).sort()).toEqual(workspaces.sort());
  });

  it.each(IMAGE_SERVICES.map((s) => [s.name, s] as const))(
    '%s: matches the template (run `node tools/dist/docker/render-dockerfiles.js`)',
    (name, service) => {
      expect(read(dockerfilePath(name))).toBe(renderDockerfile(service));
    },
  );

  it('notices a Dockerfile edited by hand', () => {
    const service = IMAGE_SERVICES[0]!;
    const edited = read(dockerfilePath(service.name)).replace('USER 1000:1000', 'USER root');
    expect(edited).not.toBe(renderDockerfile(service));
  });

  it('pin the base image to the Node version of .nvmrc and tools/env.sh, by tag and digest', () => {
    const { instructions } = parseDockerfile(read(dockerfilePath('crm-api')));
    const arg = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    const image = arg!.args.slice('NODE_IMAGE='.length);
    const match = /^node:(\d+)\.(\d+)\.(\d+)-alpine\d+\.\d+@sha256:[0-9a-f]{64}$/.exec(image);
    expect(match).not.toBeNull();
    const version = `${match![1]}.${match![2]}.${match![3]}`;
    expect(read('.nvmrc').trim()).toBe(match![1]);
    expect(read('tools/env.sh')).toContain(`NODE24_VERSION="${version}"`);
    // Every stage starts from it: nothing else is pulled.
    const froms = instructions
      .filter((i) => i.keyword === 'FROM')
      .map((i) => i.args.split(/\s+/)[0]);
    const stages = instructions
      .filter((i) => i.keyword === 'FROM')
      .map((i) => i.args.split(/\s+/)[2])
      .filter(Boolean);
    for (const from of froms) expect(['${NODE_IMAGE}', ...stages]).toContain(from);
  });
});
