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
const cli = require("../build/cli.cjs");
const argv = process.argv.slice(2);
// import, sync and import-payments run in a child that Ctrl-C ends at once: a long pass cannot
// delay it, and the workbook is saved by rename, so it is never half-written (src/node/interrupt.ts).
// PEACH_ORDERS_CHILD=1 runs the command in this process (the child; tests that kill or measure it).
const watched = process.env.PEACH_ORDERS_CHILD ? null : cli.interruptible(argv);
if (watched) {
  const { spawn } = require("node:child_process");
  const before = cli.fileStamp(watched.path);
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], {
    stdio: "inherit",
    env: { ...process.env, PEACH_ORDERS_CHILD: "1" },
  });
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    child.kill("SIGKILL");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code, signal) => {
    if (interrupted || signal === "SIGINT") {
      console.error(cli.afterInterrupt(watched.path, before, child.pid));
      process.exitCode = cli.INTERRUPTED;
    } else process.exitCode = code ?? 1;
  });
} else {
  cli.main(argv, { out: console.log, err: console.error, progress }).then((result) => {
    process.exitCode = result.code;
    if (result.server) process.on("SIGINT", () => result.server.close().then(() => process.exit(0)));
  });
}
