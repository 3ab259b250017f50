// Prints one closing line over every runner: `tests: N passed, N failed, N skipped`.
// Usage: node tools/test-summary.js <jest.json>... <playwright.json> (Playwright's report last).
// A runner that did not finish (no report), or that failed outside any test (a global setup
// that threw, a suite that could not load), counts as a failure and is named, so the line
// can never read "0 failed" over tests that did not run.
const fs = require('node:fs');
const path = require('node:path');

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
const files = process.argv.slice(2);
const playwrightFile = files.pop();
for (const jestFile of files) {
  const runner = path.basename(jestFile, '.json');
  if (!fs.existsSync(jestFile)) {
    failed += 1;
    problems.push(`${runner}: no report (the runner did not finish)`);
    continue;
  }
  const jest = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += jest.numPendingTests + jest.numTodoTests;
  if (jest.numRuntimeErrorTestSuites) {
    problems.push(`${runner}: ${jest.numRuntimeErrorTestSuites} test file(s) could not run`);
  }
  if (!jest.success && jest.numFailedTests === 0 && !jest.numRuntimeErrorTestSuites) {
    failed += 1;
    problems.push(`${runner}: the run failed outside any test`);
  }
}
if (playwrightFile && fs.existsSync(playwrightFile)) {
  const { stats, errors = [] } = JSON.parse(fs.readFileSync(playwrightFile, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  skipped += stats.skipped;
  if (errors.length > 0) {
    failed += errors.length;
    for (const error of errors) {
      problems.push(`playwright: ${String(error.message).split('\n')[0]}`);
    }
  }
} else {
  failed += 1;
  problems.push('playwright: no report (the runner did not finish)');
}
for (const problem of problems) console.log(`not run: ${problem}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
