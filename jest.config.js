// One Jest run for the whole repository: a project per workspace package, TypeScript
// compiled by swc (types are checked separately by `yarn typecheck`), and one real
// PostgreSQL for the run, started by tools/jest/global-setup.js.
const fs = require('node:fs');
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const packageDirs = [
  ...fs.readdirSync(path.join(__dirname, 'services')).map((d) => `services/${d}`),
  'tools',
  'gitops',
  'terraform',
  // The portal's backend plugins and shared libraries run here (Node, real services and
  // PostgreSQL); the React packages run under Backstage's own Jest setup (tools/test.sh).
  ...fs
    .readdirSync(path.join(__dirname, 'plugins'))
    .filter((d) => d.endsWith('-backend') || d.endsWith('-common') || d.endsWith('-node'))
    .map((d) => `plugins/${d}`),
  'portal/packages/backend',
].filter((d) => fs.existsSync(path.join(__dirname, d, 'package.json')));

/** @type {import('jest').Config} */
// A package may add project options (e.g. transformIgnorePatterns for ESM-only packages)
// in its own jest.project.js, exporting an object merged over the defaults below.
const projectOverrides = (dir) => {
  const file = path.join(__dirname, dir, 'jest.project.js');
  return fs.existsSync(file) ? require(file) : {};
};

module.exports = {
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.js',
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // Global only (ignored per project): the end-to-end races take seconds on 2 busy cores.
  testTimeout: 60_000,
  projects: packageDirs.map((dir) => ({
    displayName: require(path.join(__dirname, dir, 'package.json')).name.replace(/^@[^/]+\//, ''),
    rootDir: path.join(__dirname, dir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.ts$': swc },
    moduleNameMapper: {
      '^@globalretail/service-kit$': '<rootDir>/../service-kit/src/index.ts'.replace(
        '<rootDir>/..',
        path.join(__dirname, 'services'),
      ),
      '^@globalretail/service-kit/testing$': path.join(
        __dirname,
        'services/service-kit/src/testing.ts',
      ),
      '^@globalretail/([a-z-]+)$': path.join(__dirname, 'services/$1/src/index.ts'),
    },
    ...projectOverrides(dir),
  })),
};
