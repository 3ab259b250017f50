/**
 * http-proxy-middleware 4 (and httpxy under it) ship as ES modules only. Node 24 loads them
 * from CommonJS natively (`require(esm)`), which is how the built gateway runs; Jest's module
 * sandbox can do the same only under --experimental-vm-modules, which the repository's Jest
 * run does not set. So this environment (which runs in Node's own module system) loads them
 * and hands them to the sandbox, where test/helpers.ts maps the package to this copy with
 * `jest.mock`. The gateway code under test is unchanged: it imports the package normally.
 */
const { TestEnvironment } = require('jest-environment-node');

class NativeEsmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__loadedByNode = { 'http-proxy-middleware': require('http-proxy-middleware') };
  }
}

module.exports = NativeEsmEnvironment;
