// The catalog's OpenAPI test builds api-gateway in-process, and the gateway's proxy
// (http-proxy-middleware 4, with httpxy and is-plain-obj under it) ships as ES modules only.
// Node 24 loads those from CommonJS natively, Jest's module sandbox does not (without
// --experimental-vm-modules), so swc compiles just these packages to CommonJS, like our sources.
const ESM_ONLY = '(http-proxy-middleware|httpxy|is-plain-obj)';
const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: { parser: { syntax }, target: 'es2023' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  transform: {
    '^.+\\.ts$': swc('typescript'),
    [`/node_modules/${ESM_ONLY}/.+\\.m?js$`]: swc('ecmascript'),
  },
};
