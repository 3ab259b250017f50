// Prints one closing line over both runners: `tests: N passed, N failed, N skipped`.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
const [jestFile, playwrightFile] = process.argv.slice(2);
if (jestFile && fs.existsSync(jestFile)) {
  const jest = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += jest.numPendingTests + jest.numTodoTests;
} else {
  failed += 1; // no report means the runner did not finish
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
