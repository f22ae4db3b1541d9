#!/usr/bin/env node
// The CLI is TypeScript bundled by `npm run build` into build/cli.cjs.
const progress = process.stderr.isTTY ? (text) => process.stderr.write(`\r${text}\x1b[K`) : undefined;
require("../build/cli.cjs")
  .main(process.argv.slice(2), { out: console.log, progress })
  .then((result) => {
    process.exitCode = result.code;
    if (result.server) process.on("SIGINT", () => result.server.close().then(() => process.exit(0)));
  });
