#!/usr/bin/env node
// The CLI is TypeScript bundled by `npm run build` into build/cli.cjs.
require("../build/cli.cjs")
  .main(process.argv.slice(2))
  .then((result) => {
    process.exitCode = result.code;
    if (result.server) process.on("SIGINT", () => result.server.close().then(() => process.exit(0)));
  });
