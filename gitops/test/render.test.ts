import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main as renderCli } from '../src/render/cli';
import { findDrift, hasDrift, renderAll, writeRendered } from '../src/render/render';
import { GITOPS_DIR } from './support/rendered';

describe('the committed render', () => {
  it('is exactly what the generator renders now (run `yarn build && yarn gitops:render`)', () => {
    const drift = findDrift(GITOPS_DIR, renderAll({ gitopsDir: GITOPS_DIR }));
    expect(drift).toEqual({ changed: [], missing: [], extra: [] });
  });

  it('has one file per namespace, service, region ingress and Argo CD object', () => {
    const files = [...renderAll({ gitopsDir: GITOPS_DIR }).keys()];
    expect(files).toHaveLength(2 * (2 + 9 + 1) + 2);
    expect(files).toContain('us-east-1/supply-us/order-service.yaml');
    expect(files).toContain('eu-west-1/crm-eu/crm-api.yaml');
    expect(files).toContain('argocd/applicationset.yaml');
  });
});

describe('drift detection', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitops-render-'));
    cpSync(path.join(GITOPS_DIR, 'image-tags'), path.join(dir, 'image-tags'), { recursive: true });
    writeRendered(dir, renderAll({ gitopsDir: dir }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports edited, deleted and stray files', () => {
    const rendered = path.join(dir, 'rendered');
    writeFileSync(path.join(rendered, 'us-east-1/supply-us/order-service.yaml'), 'replicas: 5\n');
    rmSync(path.join(rendered, 'eu-west-1/crm-eu/crm-ui.yaml'));
    writeFileSync(path.join(rendered, 'us-east-1/crm-us/hand-made.yaml'), 'kind: Pod\n');
    const drift = findDrift(dir, renderAll({ gitopsDir: dir }));
    expect(drift).toEqual({
      changed: ['us-east-1/supply-us/order-service.yaml'],
      missing: ['eu-west-1/crm-eu/crm-ui.yaml'],
      extra: ['us-east-1/crm-us/hand-made.yaml'],
    });
    expect(hasDrift(writeRendered(dir, renderAll({ gitopsDir: dir })))).toBe(true);
    expect(hasDrift(findDrift(dir, renderAll({ gitopsDir: dir })))).toBe(false);
  });

  it('sees a tag change as a change of that region only', () => {
    const file = path.join(dir, 'image-tags', 'eu-west-1.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace("order-service: '", "order-service: '9"),
    );
    expect(findDrift(dir, renderAll({ gitopsDir: dir })).changed).toEqual([
      'eu-west-1/supply-eu/order-service.yaml',
    ]);
  });

  it('`--check` exits 1 on drift and 0 once re-rendered', () => {
    const out = { text: '', write: (s: string) => ((out.text += s), true) };
    rmSync(path.join(dir, 'rendered', 'argocd'), { recursive: true });
    expect(renderCli(['--check', '--gitops-dir', dir], out, out)).toBe(1);
    expect(out.text).toContain('missing  argocd/applicationset.yaml');
    expect(renderCli(['--gitops-dir', dir], out, out)).toBe(0);
    expect(renderCli(['--check', '--gitops-dir', dir], out, out)).toBe(0);
  });
});
