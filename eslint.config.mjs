// ESLint 9 flat config: typescript-eslint's type-checked rules on every TypeScript file (types from tsconfig.json
// through the project service), plain recommended rules on the JavaScript files, and no formatting rules (Prettier
// formats; `npm run lint` runs both).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'cdk.out/',
      'assets/',
      'coverage/',
      // StrykerJS (npm run mutation): its sandboxes and its reports.
      '.stryker-tmp/',
      'reports/',
      'test/**/*.snapshot/',
      'test/cdk-integ.out.*/',
      // Compiled by jsii beside their sources.
      'lib/**/*.js',
      '**/*.d.ts',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Template literals with numbers are how messages name values here.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `_` marks an argument a callback must take but does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `expect(() => check(x))` and `onRetry: () => logger.info(...)` are plain enough.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // Tests read untyped JSON (templates, SDK and CLI output) and use the non-null assertion after their own checks.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `expect(mock.method).toHaveBeenCalled()` passes a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
      // Tests pass values outside an enum on purpose, to check they are rejected.
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
    },
  },
  {
    // Test tooling (the emulator, the local CloudFormation runner, the demo and benchmarks) looks values up in maps
    // it has just filled; the library and the handler keep the rule.
    files: ['tools/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    // CommonJS files (jest configs, the bundle host) load modules with require().
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
