// Merged over the root jest.config.js defaults for the terraform project.
module.exports = {
  // cdktf's matchers (toHaveResourceWithProperties, …) on every test file's `expect`.
  setupFilesAfterEnv: ['<rootDir>/test/setup-jest.ts'],
};
