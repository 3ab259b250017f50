import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../db/sources';
import { LOCAL_SERVICES } from '../launcher/services';

/**
 * The nine services' Dockerfiles are one template with the service's name and port filled in
 * (docs/adr/009-container-images.md): the steps live once, in tools/docker/, and each service
 * still has the Dockerfile that `docker build -f services/<name>/Dockerfile .` expects.
 */
export const TEMPLATE_FILE = path.join(repoRoot, 'tools', 'docker', 'Dockerfile.template');

export interface ImageService {
  name: string;
  /** The port the service listens on by default (PORT, EXPOSE). */
  port: number;
}

/** The nine services, with the ports the local launcher and the service configs use. */
export const IMAGE_SERVICES: ImageService[] = LOCAL_SERVICES.map(({ name, port }) => ({
  name,
  port,
}));

export const dockerfilePath = (service: string) => `services/${service}/Dockerfile`;

export function renderDockerfile(
  service: ImageService,
  template = readFileSync(TEMPLATE_FILE, 'utf8'),
): string {
  const rendered = template
    .replaceAll('{{SERVICE}}', service.name)
    .replaceAll('{{PORT}}', String(service.port));
  const leftover = /\{\{[A-Z_]+\}\}/.exec(rendered);
  if (leftover) throw new Error(`${TEMPLATE_FILE}: unknown placeholder ${leftover[0]}`);
  return rendered;
}
