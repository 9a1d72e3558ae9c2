// Mutation testing of the product (`npm run mutation`): StrykerJS mutates the handler (lambda/) and the constructs
// (lib/) and runs the fast, in-process tests against each mutant. Results: docs/mutation.md; the full report is
// written to reports/mutation/ (not committed).
//
// The tests that fork processes against the loopback emulator (test/integration, test/lifecycle, test/tools) run
// the bundled handler in assets/, which Stryker does not mutate, so they could not kill a mutant, only slow the run.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['lambda/**/*.ts', 'lib/**/*.ts', '!lib/**/*.d.ts'],
  testRunner: 'jest',
  jest: {
    configFile: 'jest.config.js',
    // Only the levels that load lambda/ and lib/ in the test process (test/nag synthesizes whole stacks under
    // cdk-nag: slow, and the construct tests already reach the same code).
    config: { testMatch: ['<rootDir>/test/{unit,construct}/**/*.test.ts'] },
  },
  // Each mutant runs only the tests that reached it in the first, instrumented run.
  coverageAnalysis: 'perTest',
  // Mutants that do not compile are dropped before any test runs (they do not count in the score).
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Stryker marks the files it instruments `// @ts-nocheck`; only those, as the README test compares
  // test/readme/usage-example.ts with the README byte for byte.
  disableTypeChecks: '{lambda,lib}/**/*.ts',
  // The machine has 2 cores, shared with other work.
  concurrency: 2,
  // Static mutants (module-level constants, evaluated once at import) need every test re-run in a fresh process;
  // they were a fifth of the mutants and half the time. They are reported as ignored, not counted.
  ignoreStatic: true,
  // Not copied into Stryker's sandboxes: build and test outputs nothing under test reads.
  ignorePatterns: ['dist', 'cdk.out', 'coverage', 'test/cdk-integ.out.*', 'docs'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false },
  thresholds: { high: 95, low: 90, break: null },
};
