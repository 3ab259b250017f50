// Resolves the ESM-only model packages (and imports made from inside them) with the
// `import` export condition, which Jest's CommonJS runtime does not use by default.
const ESM_ONLY_REQUEST = /^(kubernetes-models|@kubernetes-models\/|is-cidr$|cidr-regex$)/;
const INSIDE_ESM_ONLY =
  /[\\/]node_modules[\\/](kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)[\\/]/;

module.exports = (request, options) => {
  if (ESM_ONLY_REQUEST.test(request) || INSIDE_ESM_ONLY.test(`${options.basedir}/`)) {
    return options.defaultResolver(request, { ...options, conditions: ['import', 'default'] });
  }
  return options.defaultResolver(request, options);
};
