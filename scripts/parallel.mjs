// Runs npm scripts at the same time and fails if any of them fails: `npm test` checks lint,
// types and the build on both cores of a 2-core machine, one after another they left one idle.
// Each script's output is printed whole when it ends, so the logs never interleave.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";

const names = process.argv.slice(2);
const runs = names.map(
  (name) =>
    new Promise((done) => {
      const child = spawn("npm", ["run", name], {
        stdio: ["ignore", "pipe", "pipe"],
        shell: process.platform === "win32",
      });
      const output = [];
      child.stdout.on("data", (chunk) => output.push(chunk));
      child.stderr.on("data", (chunk) => output.push(chunk));
      child.on("close", (code, signal) => {
        process.stdout.write(Buffer.concat(output));
        if (code !== 0) process.stdout.write(`npm run ${name} failed (${signal ?? `exit ${code}`})\n`);
        done(code === 0);
      });
    }),
);
if (!(await Promise.all(runs)).every(Boolean)) process.exitCode = 1;
