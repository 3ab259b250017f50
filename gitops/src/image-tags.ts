import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES, type ServiceName } from './catalog';
import type { RegionName } from './config/regions';

/** The image tag of every service in one region: the content of gitops/image-tags/<region>.yaml. */
export type ImageTags = Readonly<Record<ServiceName, string>>;

// Docker's tag grammar. `latest` (and any tag that moves) would make a rollout unrepeatable.
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const MOVING_TAGS = new Set(['latest', 'stable', 'main', 'master', 'edge']);

/** Why `tag` cannot be deployed, or undefined when it can. */
export function tagProblem(tag: string): string | undefined {
  if (!TAG_PATTERN.test(tag))
    return `"${tag}" is not a valid image tag (letters, digits, _ . -; at most 128; not starting with . or -)`;
  if (MOVING_TAGS.has(tag.toLowerCase()))
    return `"${tag}" is a moving tag; deploy an immutable one (a version or a commit id)`;
  return undefined;
}

export const imageTagsPath = (gitopsDir: string, region: RegionName) =>
  path.join(gitopsDir, 'image-tags', `${region}.yaml`);

/** Parses and checks a tag file: every service present, nothing else, every tag deployable. */
export function parseImageTags(text: string, source: string): ImageTags {
  const doc: unknown = parse(text);
  const images = (doc as { images?: unknown } | null)?.images;
  if (!images || typeof images !== 'object' || Array.isArray(images))
    throw new Error(`${source}: expected a mapping "images: {<service>: <tag>}"`);
  const entries = images as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of Object.keys(entries))
    if (!(SERVICE_NAMES as readonly string[]).includes(name))
      problems.push(`unknown service "${name}"`);
  const tags = {} as Record<ServiceName, string>;
  for (const name of SERVICE_NAMES) {
    const value = entries[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      problems.push(`no tag for ${name}`);
      continue;
    }
    const problem = tagProblem(String(value));
    if (problem) problems.push(`${name}: ${problem}`);
    tags[name] = String(value);
  }
  if (problems.length > 0) throw new Error(`${source}: ${problems.join('; ')}`);
  return tags;
}

export function readImageTags(gitopsDir: string, region: RegionName): ImageTags {
  const file = imageTagsPath(gitopsDir, region);
  return parseImageTags(readFileSync(file, 'utf8'), path.relative(process.cwd(), file) || file);
}

/**
 * The canonical text of a tag file: one line per service in catalogue order, every tag quoted
 * so that a tag like `1.10` stays a string. The release command writes nothing else.
 */
export function formatImageTags(region: RegionName, tags: ImageTags): string {
  const lines = [
    `# Image tags deployed in ${region}. The release command (yarn release) edits this file;`,
    '# settings and region variants live in gitops/src/config.',
    'images:',
    ...SERVICE_NAMES.map((name) => `  ${name}: '${tags[name]}'`),
  ];
  return `${lines.join('\n')}\n`;
}
