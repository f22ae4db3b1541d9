// Builds exactly what clasp pushes (dist/: Code.js, one <page>.html per page, appsscript.json)
// and the Node CLI
// (build/cli.cjs). `--node-only` skips the Apps Script bundle (used by `npm start`).
import { build } from "esbuild";
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const { compactHtml: compactPage } = createRequire(import.meta.url)("./compact-html.cjs");
const nodeOnly = process.argv.includes("--node-only");

/** The pages as they ship (scripts/compact-html.cjs), in Code.js and in the Node CLI alike. */
const compactHtml = {
  name: "compact-html",
  setup(b) {
    b.onLoad({ filter: /\.html$/ }, async (args) => ({
      contents: compactPage(await readFile(args.path, "utf8")),
      loader: "text",
    }));
  },
};

async function buildGas() {
  // Entry point names come from the TypeScript source, bundled once for reading.
  const probe = await build({
    entryPoints: [join(root, "src/gas/entryPoints.ts")],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "node",
  });
  const mod = { exports: {} };
  new Function("module", "exports", probe.outputFiles[0].text)(mod, mod.exports);
  const names = Object.keys(mod.exports.ENTRY_POINTS);
  // Each stub enters through the gate for its kind (src/gas/surface.ts): the only way in.
  const footer = names
    .map((n) => `function ${n}(...args) { return __app.enter("${n}", __app.${n}, args); }`)
    .join("\n");

  rmSync(join(root, "dist"), { recursive: true, force: true });
  mkdirSync(join(root, "dist"));
  const gas = await build({
    entryPoints: [join(root, "src/gas/main.ts")],
    bundle: true,
    format: "iife",
    globalName: "__app",
    target: "es2020",
    platform: "neutral",
    mainFields: ["module", "main"],
    charset: "utf8",
    legalComments: "none",
    metafile: true,
    // The whole file loads on every Apps Script run (each web request too): whitespace and
    // syntax (shorter forms of the same code), not names, so they stay readable in the Apps
    // Script editor and its stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    outfile: join(root, "dist/Code.js"),
    footer: { js: `\n// Apps Script finds entry points by top-level name.\n${footer}\n` },
    logLevel: "warning",
  });
  // Apps Script loads every script file on every run and an HTML file only when it is served
  // (src/gas/pageFiles.ts): the pages ship as files of their own, never inside Code.js.
  const inlined = Object.keys(gas.metafile.inputs).filter((f) => f.endsWith(".html"));
  if (inlined.length)
    throw new Error(`Code.js must not import pages (${inlined.join(", ")}): use pageText()`);
  const web = join(root, "src/web");
  for (const file of readdirSync(web).filter((f) => f.endsWith(".html")))
    writeFileSync(join(root, "dist", file), compactPage(await readFile(join(web, file), "utf8")));
  copyFileSync(join(root, "appsscript.json"), join(root, "dist/appsscript.json"));
}

async function buildNode() {
  await build({
    entryPoints: [join(root, "src/node/cli.ts")],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    loader: { ".html": "text" },
    plugins: [compactHtml],
    outfile: join(root, "build/cli.cjs"),
    logLevel: "warning",
  });
}

if (!nodeOnly) await buildGas();
await buildNode();
