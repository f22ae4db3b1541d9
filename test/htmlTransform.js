// Jest: an imported .html file is its text as the build ships it (scripts/compact-html.cjs),
// as esbuild's text loader makes it.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { compactHtml } = require("../scripts/compact-html.cjs");

const compacter = readFileSync(join(__dirname, "../scripts/compact-html.cjs"), "utf8");

module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(compactHtml(source))};` };
  },
  // A change to the compaction is a change to every page.
  getCacheKey(source, path) {
    return createHash("sha256").update(compacter).update(path).update(source).digest("hex");
  },
};
