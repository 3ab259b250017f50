// Prints one closing line over every runner: `tests: N passed, N failed, N skipped`.
// Usage: node tools/test-summary.js <jest.json>... <playwright.json> (Playwright's report last;
// a missing report counts as a failure: that runner did not finish).
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
const files = process.argv.slice(2);
const playwrightFile = files.pop();
for (const jestFile of files) {
  if (!fs.existsSync(jestFile)) {
    failed += 1;
    continue;
  }
  const jest = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += jest.numPendingTests + jest.numTodoTests;
}
if (playwrightFile && fs.existsSync(playwrightFile)) {
  const { stats } = JSON.parse(fs.readFileSync(playwrightFile, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  skipped += stats.skipped;
} else {
  failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
