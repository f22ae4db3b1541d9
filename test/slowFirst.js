// The order jest starts test files in. With timings cached from an earlier run, jest's own: failed
// first, then slowest first. With none (a clean clone, as in CI) jest starts the largest files
// first, so a short file with a slow test (trials, manyRows) could start last and leave one
// worker running alone at the end: these, measured slowest first, start before all others.
const Sequencer = require("@jest/test-sequencer").default;
const { relative, sep } = require("node:path");

const SLOW = [
  "test/app-edits.test.ts",
  "test/local/trials.test.ts",
  "test/gas/costModel.test.ts",
  "test/local/manyRows.test.ts",
  "test/gas/roundTrips.test.ts",
  "test/local/lookups.test.ts",
  "test/browser/status.test.ts",
  "test/local/lock.test.ts",
  "test/gas/editPath.test.ts",
  "test/gas/publicSurface.test.ts",
];

class SlowFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    const rank = (test) => {
      const at = SLOW.indexOf(relative(test.context.config.rootDir, test.path).split(sep).join("/"));
      return at < 0 ? SLOW.length : at;
    };
    return sorted
      .map((test, i) => ({ test, i }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.i - b.i)
      .map((x) => x.test);
  }
}

module.exports = SlowFirst;
