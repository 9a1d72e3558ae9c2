/**
 * The construct and cdk-nag tests again, on the newest aws-cdk-lib we support (the `aws-cdk-lib-newest` npm alias
 * devDependency). Every `aws-cdk-lib` import, in our code and in node_modules (cdk-nag's too), resolves to it.
 * The default `jest.config.js` runs them on the lowest (the `aws-cdk-lib` devDependency).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  displayName: 'aws-cdk-lib-newest',
  testMatch: [
    '<rootDir>/test/construct/**/*.test.ts',
    '<rootDir>/test/nag/**/*.test.ts',
    '<rootDir>/test/compat/**/*.test.ts',
    '<rootDir>/test/readme/**/*.test.ts',
  ],
  moduleNameMapper: { '^aws-cdk-lib(/.*)?$': 'aws-cdk-lib-newest$1' },
  globals: { AWS_CDK_LIB_UNDER_TEST: 'aws-cdk-lib-newest' },
};
