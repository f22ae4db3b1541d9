/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Real .xlsx files and a real browser: generous on a slow CI machine.
  testTimeout: 30_000,
  roots: ["<rootDir>/test"],
  transform: {
    // Transpile only (esbuild, a file at a time): `npm run typecheck` (tsc --noEmit) type-checks.
    "^.+\\.html$": "<rootDir>/test/htmlTransform.js",
    "^.+\\.ts$": "<rootDir>/test/esbuildTransform.js",
  },
  collectCoverage: true,
  // Only src/domain has a threshold: instrumenting all of src made every test of src/app and
  // src/local run its code instrumented (app-edits' property a third slower), for no check.
  collectCoverageFrom: ["src/domain/**/*.ts"],
  coverageReporters: ["text-summary", "json-summary"],
  coverageThreshold: {
    "./src/domain/": { lines: 90 },
  },
};
