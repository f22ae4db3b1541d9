/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Real .xlsx files and a real browser: generous on a slow CI machine.
  testTimeout: 30_000,
  roots: ["<rootDir>/test"],
  transform: {
    // Transpile only: `npm run typecheck` (tsc --noEmit) does the type checking.
    "^.+\\.html$": "<rootDir>/test/htmlTransform.js",
    "^.+\\.ts$": [
      "ts-jest",
      { tsconfig: { module: "commonjs", esModuleInterop: true, isolatedModules: true } },
    ],
  },
  collectCoverage: true,
  collectCoverageFrom: ["src/**/*.ts"],
  coverageReporters: ["text-summary", "json-summary"],
  coverageThreshold: {
    "./src/domain/": { lines: 90 },
  },
};
