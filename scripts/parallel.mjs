// Runs npm scripts at the same time and fails if any of them fails: `npm test` runs lint and
// types beside jest on both cores of a 2-core machine (lint and tsc alone left a core idle for
// about half a minute). Each script's output is printed whole when it ends, so the logs never
// interleave; the one named after `--live` (jest) prints as it goes.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const live = args.includes("--live") ? args[args.indexOf("--live") + 1] : null;
const names = args.filter((a) => a !== "--live");
const runs = names.map(
  (name) =>
    new Promise((done) => {
      const child = spawn("npm", ["run", name], {
        stdio: ["ignore", name === live ? "inherit" : "pipe", name === live ? "inherit" : "pipe"],
        shell: process.platform === "win32",
      });
      const output = [];
      child.stdout?.on("data", (chunk) => output.push(chunk));
      child.stderr?.on("data", (chunk) => output.push(chunk));
      child.on("close", (code, signal) => {
        process.stdout.write(Buffer.concat(output));
        if (code !== 0) process.stdout.write(`npm run ${name} failed (${signal ?? `exit ${code}`})\n`);
        done(code === 0);
      });
    }),
);
if (!(await Promise.all(runs)).every(Boolean)) process.exitCode = 1;
