import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkJenkinsfile, parseJenkinsfile, simpleCommands } from '../../src/ci/jenkinsfile';
import { repoRoot } from '../../src/db/sources';

/** What issue 5 asks the pipeline to do, in the order it must do it. */
const REQUIRED_STAGES = [
  'Install',
  'Lint',
  'Test',
  'Audit dependencies',
  'Build images',
  'Push to ECR',
  'Release to primary',
  'Smoke check primary',
  'Promote to standby',
  'Smoke check standby',
];

const jenkinsfile = readFileSync(path.join(repoRoot, 'Jenkinsfile'), 'utf8');
const check = (text: string, root = repoRoot) =>
  checkJenkinsfile(text, { repoRoot: root, requiredStages: REQUIRED_STAGES });

/** The Jenkinsfile with one edit; fails loudly if the text to replace is not there. */
function edited(from: string | RegExp, to: string): string {
  const result = jenkinsfile.replace(from, to);
  if (result === jenkinsfile) throw new Error(`not in the Jenkinsfile: ${from}`);
  return result;
}

describe('the Jenkinsfile', () => {
  const parsed = parseJenkinsfile(jenkinsfile);

  it('passes every check: commands exist, credentials only through bindings, stages in order', () => {
    expect(check(jenkinsfile)).toEqual([]);
  });

  it('has the stages the issue names, the image builds one per service in parallel', () => {
    expect(parsed.stages.filter((s) => s.parents.length === 0).map((s) => s.name)).toEqual(
      REQUIRED_STAGES,
    );
    const build = parsed.stages.find((s) => s.name === 'Build images')!;
    expect(build.body).toMatch(/matrix\s*\{/);
    const services = /values\s+((?:'[^']+'\s*,?\s*)+)/.exec(build.body)![1]!.match(/'([^']+)'/g);
    const dockerfiles = readFileSync(
      path.join(repoRoot, 'tools/docker/Dockerfile.template'),
      'utf8',
    );
    expect(dockerfiles).toContain('{{SERVICE}}');
    expect(services!.map((s) => s.slice(1, -1)).sort()).toEqual(
      [
        'analytics-service',
        'api-gateway',
        'crm-analytics',
        'crm-api',
        'crm-ui',
        'inventory-service',
        'logistics-service',
        'order-service',
        'tracking-ui',
      ].sort(),
    );
  });

  it('releases to the primary, checks it, then promotes to the standby; only from main', () => {
    const command = (stage: string) =>
      parsed.shSteps.filter((s) => s.stage === stage).map((s) => s.command);
    expect(command('Release to primary')).toEqual([
      './tools/ci/yarn.sh release set all "$IMAGE_TAG" --region us-east-1 --push',
    ]);
    expect(command('Promote to standby')).toEqual([
      './tools/ci/yarn.sh release promote all --from us-east-1 --to eu-west-1 --push',
    ]);
    for (const name of REQUIRED_STAGES.slice(4)) {
      const stage = parsed.stages.find((s) => s.name === name)!;
      expect({ name, main: /branch\s+'main'/.test(stage.body) }).toEqual({ name, main: true });
    }
    expect(jenkinsfile).toMatch(/triggers\s*\{[^}]*githubPush\(\)/);
  });

  it('binds the ECR and Git credentials where they are used, and nowhere else', () => {
    expect(parsed.credentials.map((c) => [c.kind, c.id])).toEqual([
      ['AmazonWebServicesCredentialsBinding', 'supplychain-crm-ecr-push'],
      ['sshUserPrivateKey', 'supplychain-crm-deploy-key'],
      ['sshUserPrivateKey', 'supplychain-crm-deploy-key'],
    ]);
  });
});

describe('the Jenkinsfile check fails on', () => {
  const swapStages = (a: string, b: string) => (text: string) =>
    text
      .replace(`stage('${a}')`, "stage('SWAP')")
      .replace(`stage('${b}')`, `stage('${a}')`)
      .replace("stage('SWAP')", `stage('${b}')`);
  const replace = (from: string | RegExp, to: string) => () => edited(from, to);

  it.each([
    [
      'a tool called directly',
      replace("sh './tools/ci/yarn.sh typecheck'", "sh 'docker build .'"),
      'calls `docker` directly',
    ],
    [
      'a script that does not exist',
      replace("sh './tools/ci/install.sh'", "sh './tools/ci/setup.sh'"),
      'does not exist',
    ],
    [
      'yarn without the wrapper',
      replace("sh './tools/ci/yarn.sh lint'", "sh 'yarn lint'"),
      'runs yarn directly',
    ],
    [
      'a package script that does not exist',
      replace("sh './tools/ci/yarn.sh lint'", "sh './tools/ci/yarn.sh lint:all'"),
      '`yarn lint:all` is neither',
    ],
    [
      'a Groovy-interpolated command',
      replace(
        `sh './tools/ci/push-images.sh "$IMAGE_TAG"'`,
        'sh "./tools/ci/push-images.sh ${IMAGE_TAG}"',
      ),
      'double-quoted',
    ],
    [
      'a computed command',
      replace("sh './tools/ci/install.sh'", 'sh installCommand'),
      'computed in Groovy',
    ],
    [
      'a missing stage',
      replace("stage('Audit dependencies')", "stage('Audit')"),
      'stage "Audit dependencies" is missing',
    ],
    [
      'the standby promoted before the primary is checked',
      () => swapStages('Smoke check primary', 'Promote to standby')(jenkinsfile),
      'stage "Promote to standby" comes too early',
    ],
    [
      'a literal secret',
      replace("CI = 'true'", "CI = 'true'\n    AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG'"),
      'AWS_SECRET_ACCESS_KEY is a literal',
    ],
    [
      'an access key in the text',
      replace("CI = 'true'", "CI = 'true' // AKIAIOSFODNN7EXAMPLE"),
      'looks like a secret',
    ],
    [
      'credentials() outside environment',
      replace(
        "sh './tools/ci/install.sh'",
        "script { def key = credentials('x') }\n        sh './tools/ci/install.sh'",
      ),
      'credentials() outside an environment',
    ],
    [
      'a secret interpolated by Groovy',
      replace('echo "Failed: ${env.JOB_NAME}', 'echo "Failed: ${GIT_SSH_KEY}'),
      'Groovy interpolates the secret GIT_SSH_KEY',
    ],
    [
      'a binding without an id',
      replace("credentialsId: 'supplychain-crm-ecr-push',", ''),
      'without a credentialsId',
    ],
    ['no trigger', replace(/triggers \{[\s\S]*?\n {2}\}/, ''), 'no trigger on commits'],
    [
      'a deploy to a cluster',
      replace(
        "sh './tools/ci/install.sh'",
        "sh './tools/ci/install.sh && kubectl apply -f gitops/rendered'",
      ),
      'calls a cluster tool',
    ],
  ])('%s', (_what, mutate, message) => {
    expect(check(mutate()).join('\n')).toContain(message);
  });

  it('(but not on a comment that mentions a cluster tool)', () => {
    const commented = edited(
      "sh './tools/ci/install.sh'",
      "sh './tools/ci/install.sh' // not kubectl",
    );
    expect(check(commented)).toEqual([]);
  });

  describe('in a repository copy', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'jenkinsfile-check-'));
      for (const rel of ['package.json', 'tools/ci', 'tools/test.sh', 'gitops/src/release/cli.ts'])
        cpSync(path.join(repoRoot, rel), path.join(root, rel), { recursive: true });
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('passes as the repository does', () => {
      expect(check(jenkinsfile, root)).toEqual([]);
    });

    it('a script that is not executable', () => {
      chmodSync(path.join(root, 'tools/ci/install.sh'), 0o644);
      expect(check(jenkinsfile, root).join('\n')).toContain(
        'tools/ci/install.sh is not executable',
      );
    });

    it('a script the pipeline runs that deploys to a cluster itself', () => {
      writeFileSync(
        path.join(root, 'tools/ci/push-images.sh'),
        '#!/bin/sh\nkubectl set image deployment/crm-api crm-api=x\n',
      );
      expect(check(jenkinsfile, root).join('\n')).toContain(
        'push-images.sh (run by the pipeline) calls a cluster tool',
      );
    });

    it('a root script whose compiled command has no source', () => {
      rmSync(path.join(root, 'gitops'), { recursive: true });
      mkdirSync(path.join(root, 'gitops'));
      expect(check(jenkinsfile, root).join('\n')).toContain('root script "release"');
    });
  });
});

describe('simpleCommands', () => {
  it('splits on && ; | and newlines, drops leading assignments, honours quotes', () => {
    expect(simpleCommands('A=1 ./x.sh "a b" && ./y.sh; ./z.sh | ./w.sh\n./v.sh \'c;d\'')).toEqual([
      ['./x.sh', 'a b'],
      ['./y.sh'],
      ['./z.sh'],
      ['./w.sh'],
      ['./v.sh', 'c;d'],
    ]);
  });
});
