import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../db/sources';
import { dockerfilePath, IMAGE_SERVICES } from '../docker/dockerfiles';
import { StagedBuilder } from '../docker/staged-build';

/** Issue 5 (and seed 001): each service image under 200 MB; the seed expects 150-200 MB. */
export const IMAGE_TARGET_MB = 200;

/**
 * node:24.21.0-alpine3.24 unpacked, estimated because this machine cannot pull it: Node 24's
 * binary (121 MiB for the same version's linux-x64 build), npm, corepack, Yarn 1, Alpine 3.24
 * and libstdc++ (docs/adr/009-container-images.md). `docker image ls` after the first real
 * build is the number to trust.
 */
export const BASE_IMAGE_ESTIMATE_MB = 160;

const MB = 1024 * 1024;

function treeSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const below = treeSize(full);
      bytes += below.bytes;
      files += below.files;
    } else {
      bytes += lstatSync(full).size;
      files++;
    }
  }
  return { bytes, files };
}

/**
 * Builds each service's image from its own Dockerfile without Docker (the same interpreter the
 * image test uses) and prints what the Dockerfile adds to the base image, measured, and the
 * whole image with the base estimated, against the target.
 */
export async function benchImages(services: string[]): Promise<void> {
  const names = services.length > 0 ? services : IMAGE_SERVICES.map((s) => s.name);
  const unknown = names.filter((n) => !IMAGE_SERVICES.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`no image for ${unknown.join(', ')}`);
  console.log(
    `==> image size benchmark: ${names.length} Dockerfiles built without Docker; base image ${BASE_IMAGE_ESTIMATE_MB} MB (estimated, cannot be pulled here)`,
  );
  const builder = new StagedBuilder({ contextDir: repoRoot });
  try {
    for (const name of names) {
      const started = Date.now();
      const image = await builder.build(dockerfilePath(name));
      const added = treeSize(image.rootfs);
      const total = BASE_IMAGE_ESTIMATE_MB + added.bytes / MB;
      console.log(
        `${name.padEnd(18)} adds ${(added.bytes / MB).toFixed(1).padStart(5)} MB in ${String(added.files).padStart(5)} files ` +
          `-> image ~${total.toFixed(0)} MB (target < ${IMAGE_TARGET_MB} MB: ${total < IMAGE_TARGET_MB ? 'met' : 'NOT met'}; built in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  } finally {
    builder.dispose();
  }
}
