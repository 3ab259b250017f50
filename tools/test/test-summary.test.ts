/** The one closing line of the test command: it must not read "0 failed" over tests that did not run. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const script = path.join(__dirname, '..', 'test-summary.js');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'test-summary-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jestReport = (over: object = {}) => ({
  success: true,
  numPassedTests: 10,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 0,
  numRuntimeErrorTestSuites: 0,
  ...over,
});
const playwrightReport = (over: object = {}, errors: object[] = []) => ({
  stats: { expected: 5, unexpected: 0, flaky: 0, skipped: 0, ...over },
  errors,
});

function summary(reports: { jest?: object; backstage?: object; playwright?: object }): string[] {
  const file = (name: string, body?: object) => {
    const p = path.join(dir, `${name}.json`);
    if (body) writeFileSync(p, JSON.stringify(body));
    return p;
  };
  return execFileSync('node', [
    script,
    file('jest', reports.jest),
    file('backstage', reports.backstage),
    file('playwright', reports.playwright),
  ])
    .toString()
    .trim()
    .split('\n');
}

it('adds up every runner', () => {
  expect(
    summary({
      jest: jestReport(),
      backstage: jestReport({ numPassedTests: 3, numPendingTests: 0 }),
      playwright: playwrightReport(),
    }),
  ).toEqual(['tests: 18 passed, 0 failed, 1 skipped']);
});

it('counts failed, flaky and unloadable tests as failures', () => {
  expect(
    summary({
      jest: jestReport({ success: false, numFailedTests: 2, numRuntimeErrorTestSuites: 1 }),
      backstage: jestReport(),
      playwright: playwrightReport({ unexpected: 1, flaky: 1 }),
    }).at(-1),
  ).toBe('tests: 25 passed, 5 failed, 2 skipped');
});

it('names a runner whose global setup failed instead of reporting zero failures', () => {
  const lines = summary({
    jest: jestReport(),
    backstage: jestReport(),
    playwright: playwrightReport({ expected: 0 }, [
      { message: 'Error: portal exited with code 1 while starting\n    at waitReady' },
    ]),
  });
  expect(lines).toEqual([
    'not run: playwright: Error: portal exited with code 1 while starting',
    'tests: 20 passed, 1 failed, 2 skipped',
  ]);
});

it('names a runner that left no report, or failed outside any test', () => {
  const lines = summary({ jest: jestReport({ success: false }) });
  expect(lines).toEqual([
    'not run: jest: the run failed outside any test',
    'not run: backstage: no report (the runner did not finish)',
    'not run: playwright: no report (the runner did not finish)',
    'tests: 10 passed, 3 failed, 1 skipped',
  ]);
});
