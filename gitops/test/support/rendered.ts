import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const GITOPS_DIR = path.resolve(__dirname, '..', '..');
export const RENDERED_DIR = path.join(GITOPS_DIR, 'rendered');

/** A rendered object as the tests read it: plain YAML data, with the file it came from. */
export interface RenderedObject {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // The tests walk the specs as data; their shapes are checked against the schemas elsewhere.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** Every object of the committed files under gitops/rendered (or another rendered folder). */
export function loadRendered(root = RENDERED_DIR): RenderedObject[] {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      return { ...(doc.toJS() as RenderedObject), file: path.relative(root, file) };
    }),
  );
}

/** `<kind>/<namespace>/<name>`, for messages. */
export const idOf = (o: RenderedObject) =>
  `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`;
