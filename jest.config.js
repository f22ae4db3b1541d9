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
      displayName: "domain",
      roots: ["<rootDir>/test/domain"],
    },
    {
      ...shared,
      displayName: "all but gas",
      roots: ["<rootDir>/test"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/gas/", "<rootDir>/test/domain/"],
      // src/domain's coverage is its own tests' (above 90 % alone): the rest run it uninstrumented.
      coveragePathIgnorePatterns: ["<rootDir>/"],
    },
    {
      ...shared,
      displayName: "gas",
      roots: ["<rootDir>/test/gas"],
      // A file that reads the web app's getActiveSpreadsheet() default must be in containerMode.json.
      setupFilesAfterEnv: ["<rootDir>/test/gas/webAppActiveGuard.ts"],
      coveragePathIgnorePatterns: ["<rootDir>/"],
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
  // Only src/domain has a threshold, and only test/domain instruments it: instrumenting all of
  // src made every test of src/app and src/local run its code instrumented (app-edits' property
  // a third slower), for no check; the domain's own tests cover it above 90 % alone.
  collectCoverageFrom: ["src/domain/**/*.ts"],
  coverageReporters: ["text-summary", "json-summary"],
  coverageThreshold: {
    "./src/domain/": { lines: 90 },
  },
};
