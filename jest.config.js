/**
 * One jest run: every test file, and the test/gas files that depend on what a web app's
 * getActiveSpreadsheet() returns a second time with PEACH_WEBAPP_ACTIVE=container
 * (test/gas/containerMode.json), in one pool of workers.
 */
const containerMode = require("./test/gas/containerMode.json");

const shared = {
  testEnvironment: "node",
  transform: {
    // Transpile only (esbuild, a file at a time): `npm run typecheck` (tsc --noEmit) type-checks.
    "^.+\\.html$": "<rootDir>/test/htmlTransform.js",
    "^.+\\.ts$": "<rootDir>/test/esbuildTransform.js",
  },
};

/** @type {import('jest').Config} */
module.exports = {
  // Real .xlsx files and a real browser: generous on a slow CI machine.
  testTimeout: 30_000,
  // Both cores of a 2-core CI machine (jest's default, cores - 1, ran every file in one worker).
  maxWorkers: Math.min(4, require("node:os").availableParallelism()),
  testSequencer: "<rootDir>/test/slowFirst.js",
  projects: [
    {
      ...shared,
      displayName: "all but gas",
      roots: ["<rootDir>/test"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/gas/"],
    },
    {
      ...shared,
      displayName: "gas",
      roots: ["<rootDir>/test/gas"],
      // A file that reads the web app's getActiveSpreadsheet() default must be in containerMode.json.
      setupFilesAfterEnv: ["<rootDir>/test/gas/webAppActiveGuard.ts"],
    },
    {
      ...shared,
      displayName: "gas, web app in its container",
      roots: ["<rootDir>/test/gas"],
      testMatch: containerMode.map((file) => `<rootDir>/${file}`),
      setupFiles: ["<rootDir>/test/gas/containerMode.setup.js"],
      setupFilesAfterEnv: ["<rootDir>/test/gas/webAppActiveGuard.ts"],
      // Coverage is counted in the first run only, as `--coverage=false` did for the second jest.
      coveragePathIgnorePatterns: ["<rootDir>/"],
    },
  ],
  collectCoverage: true,
  // Only src/domain has a threshold: instrumenting all of src made every test of src/app and
  // src/local run its code instrumented (app-edits' property a third slower), for no check.
  collectCoverageFrom: ["src/domain/**/*.ts"],
  coverageReporters: ["text-summary", "json-summary"],
  coverageThreshold: {
    "./src/domain/": { lines: 90 },
  },
};
