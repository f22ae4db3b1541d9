// `npm run bench`: bundles bench/run.ts (with the emulator from test/) and runs it.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outfile = join(root, "build", "bench.cjs");
await build({
  entryPoints: [join(root, "bench", "run.ts")],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  packages: "external",
  loader: { ".html": "text" },
  outfile,
  logLevel: "warning",
});
try {
  execFileSync(process.execPath, [outfile], { stdio: "inherit" });
} catch (error) {
  // The benchmark already said what it missed on stderr; only its exit status is left to pass on.
  process.exit(typeof error.status === "number" ? error.status : 1);
}
