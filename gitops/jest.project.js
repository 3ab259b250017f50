// kubernetes-models, @kubernetes-models/* and two of their dependencies ship ESM only, with
// `import`-only package exports. Jest runs CommonJS here, so: resolve those packages with the
// `import` condition (test/support/esm-resolver.js) and let swc compile them to CommonJS like
// our own sources (Jest's default leaves everything under node_modules untransformed).
const path = require('node:path');

const ESM_ONLY = '(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)';
const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: { parser: { syntax }, target: 'es2023' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  resolver: path.join(__dirname, 'test/support/esm-resolver.js'),
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  transform: {
    '^.+\\.ts$': swc('typescript'),
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: swc('ecmascript'),
  },
};
