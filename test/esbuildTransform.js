// Jest: TypeScript transpiled by esbuild, one file at a time, as ts-jest's isolatedModules did
// (CommonJS, esModuleInterop's default imports, tsconfig's target). Types are checked by
// `npm run typecheck` (tsc --noEmit), not here. On a cold cache (a clean clone, CI) a file costs
// milliseconds, where ts-jest loaded TypeScript in each worker and spent seconds.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { transformSync, version } = require("esbuild");

const OPTIONS = {
  loader: "ts",
  format: "cjs",
  target: "es2020", // tsconfig.json's
  sourcemap: "external",
  // jest runs CommonJS in vm contexts, where import() needs --experimental-vm-modules: a lazy
  // import("exceljs") becomes a require, as the source's `await import` means in Node's CJS.
  supported: { "dynamic-import": false },
  // tsconfig.json's settings that change the emitted JavaScript (esbuild reads no tsconfig here).
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: false } },
};

const self = readFileSync(join(__dirname, "esbuildTransform.js"), "utf8");

module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, { ...OPTIONS, sourcefile: path });
    // An object, not the JSON text: jest's coverage maps through it only then, so lines are
    // counted in the .ts file (as with ts-jest), not in esbuild's output.
    return { code, map: JSON.parse(map) };
  },
  // `instrument` is in the key: jest's own cache key leaves it to a transformer that has one (as
  // babel-jest's does), so without it a run with --coverage=false (test:container, a quick look)
  // cached uninstrumented code that the next `npm test` reused, and src/domain's coverage fell.
  getCacheKey(source, path, { configString, instrument }) {
    return createHash("sha256")
      .update(version)
      .update(self)
      .update(configString)
      .update(instrument ? "instrument" : "")
      .update(path)
      .update(source)
      .digest("hex");
  },
};
