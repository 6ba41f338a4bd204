// ESLint flat config: typescript-eslint's recommended rules plus the architecture's import boundaries
// (docs/contributing.md, "Boundaries"). Layout and line length are Prettier's business (npm run format:check),
// so no stylistic rule lives here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SLICES = ['projects', 'rewards', 'townships', 'assessment', 'audit', 'accounts'];

/** What a pure core (a slice's domain/, libs/kernel) may not reach: the framework, a store, the clock, I/O. */
const IMPURE_MODULES = [
  { group: ['@nestjs/*', 'express', 'helmet', 'rxjs', 'class-validator', 'class-transformer'], message: 'domain/ and libs/kernel are pure: no Nest, no HTTP.' },
  { group: ['better-sqlite3', '@eventstore/*', '**/event-store/index.js', '**/event-store/sqlite/**', '**/event-store/esdb/**', '**/event-store/memory/**', '**/projector/**'], message: 'domain/ and libs/kernel are pure: no store, no read model.' },
  // A type-only import (e.g. the Role vocabulary) leaves nothing at run time, so it is allowed.
  { group: ['**/platform/**'], allowTypeImports: true, message: 'domain/ and libs/kernel are pure: the platform holds the clock, config and Nest wiring.' },
  { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:worker_threads', 'node:os', 'node:process', 'node:readline', 'node:stream'], message: 'domain/ and libs/kernel are pure: no I/O.' },
];

const CLOCK_SYNTAX = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ and libs/kernel have no clock: take today/now as an argument.' },
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain/ and libs/kernel have no clock: take today/now as an argument.' },
];

/** A slice reaches another only through its index.ts (pure code: through its domain/index.ts). */
const sliceEntry = (self, entries) =>
  SLICES.filter((s) => s !== self).map((other) => ({
    regex: `^(\\.\\./)+${other}/(?!(${entries.join('|')})$)`,
    message: `reach the ${other} slice through libs/${other}/${entries.join(' or ').replaceAll('\\', '')}, not its internals.`,
  }));
const SLICE_ENTRY = ['index\\.js', 'domain/index\\.js'];
const DOMAIN_ENTRY = ['domain/index\\.js'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  // Nest's dependency injection reads constructor parameter types at run time (emitDecoratorMetadata): a class used only
  // as an injected type must stay a value import, so type-only imports are not enforced where decorators live.
  { files: ['**/*.module.ts', '**/http/**/*.ts', '**/commands/**/*.ts', '**/queries/**/*.ts', '**/cli/**/*.ts', 'libs/platform/**/*.ts', 'libs/projector/**/*.ts', 'libs/event-store/**/*.ts', 'apps/**/*.ts', 'libs/*/application/**/*.ts', 'libs/*/read-model/**/*.ts', 'libs/*/export/**/*.ts'], rules: { '@typescript-eslint/consistent-type-imports': 'off' } },
  ...SLICES.map((slice) => ({
    files: [`libs/${slice}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: sliceEntry(slice, SLICE_ENTRY) }] },
  })),
  ...SLICES.map((slice) => ({
    files: [`libs/${slice}/domain/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...sliceEntry(slice, DOMAIN_ENTRY), ...IMPURE_MODULES] }],
      'no-restricted-syntax': ['error', ...CLOCK_SYNTAX],
    },
  })),
  {
    files: ['libs/kernel/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...IMPURE_MODULES, { group: SLICES.map((s) => `**/${s}/**`), message: 'libs/kernel depends on no slice.' }] }],
      'no-restricted-syntax': ['error', ...CLOCK_SYNTAX],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'module' },
  },
);
