#!/usr/bin/env node
// The CLI is TypeScript bundled by `npm run build` into build/cli.cjs.
// Results go to stdout, everything else (errors, progress) to stderr, so pipes and --json stay clean.
// A progress bar on a terminal only.
const progress = process.stderr.isTTY
  ? (fraction, label) => {
      const filled = Math.round(fraction * 20);
      const bar = "█".repeat(filled) + "░".repeat(20 - filled);
      process.stderr.write(`\r[${bar}] ${String(Math.round(fraction * 100)).padStart(3)}% ${label}\x1b[K`);
      if (fraction >= 1) process.stderr.write("\r\x1b[K");
    }
  : undefined;
require("../build/cli.cjs")
  .main(process.argv.slice(2), { out: console.log, err: console.error, progress })
  .then((result) => {
    process.exitCode = result.code;
    if (result.server) process.on("SIGINT", () => result.server.close().then(() => process.exit(0)));
  });
