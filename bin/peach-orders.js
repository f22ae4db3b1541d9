#!/usr/bin/env node
// The CLI is TypeScript bundled by `npm run build` into build/cli.cjs.
process.exitCode = require("../build/cli.cjs").main(process.argv.slice(2));
