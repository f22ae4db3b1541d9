/**
 * npm run deploy: tests first, then clasp push, then one web-app deployment created once and
 * updated afterwards (the /exec address stays). Run in a copy of the project with a recording
 * clasp and a test command that passes or fails.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ID = "AKfycbTONYdeployment123";

function project(testsPass: boolean, scriptId = "1abcSCRIPT"): string {
  const dir = mkdtempSync(join(tmpdir(), "peach-deploy-"));
  mkdirSync(join(dir, "scripts"));
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  copyFileSync(join(__dirname, "..", "..", "scripts", "deploy.mjs"), join(dir, "scripts", "deploy.mjs"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ scripts: { test: testsPass ? "node -e 0" : "node -e process.exit(3)" } }),
  );
  for (const target of ["dev", "prod"])
    writeFileSync(
      join(dir, `.clasp-${target}.json`),
      JSON.stringify({ scriptId, rootDir: "dist", deploymentId: "" }),
    );
  const clasp = join(dir, "node_modules", ".bin", "clasp");
  writeFileSync(
    clasp,
    `#!/bin/sh\necho "$@" >> "${join(dir, "clasp.log")}"\n` +
      `case "$*" in *create-deployment*) echo '{"deploymentId":"${ID}","versionNumber":1}';; esac\n`,
  );
  chmodSync(clasp, 0o755);
  return dir;
}

const deploy = (dir: string, ...args: string[]) =>
  spawnSync("node", [join(dir, "scripts", "deploy.mjs"), ...args], { encoding: "utf8" });
const log = (dir: string) => readFileSync(join(dir, "clasp.log"), "utf8").trim().split("\n");

describe("npm run deploy", () => {
  it("pushes, creates the deployment once and then updates that same one", () => {
    const dir = project(true);
    const first = deploy(dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`https://script.google.com/macros/s/${ID}/exec`);
    expect(JSON.parse(readFileSync(join(dir, ".clasp-dev.json"), "utf8")).deploymentId).toBe(ID);
    expect(deploy(dir).status).toBe(0);
    const calls = log(dir).map((l) => l.replace(/ --description .*$/, ""));
    expect(calls).toEqual([
      `--project ${join(dir, ".clasp-dev.json")} push --force`,
      `--project ${join(dir, ".clasp-dev.json")} --json create-deployment`,
      `--project ${join(dir, ".clasp-dev.json")} push --force`,
      `--project ${join(dir, ".clasp-dev.json")} update-deployment ${ID}`,
    ]);
  });

  it("deploys to production from .clasp-prod.json", () => {
    const dir = project(true);
    expect(deploy(dir, "--prod").status).toBe(0);
    expect(log(dir)[0]).toBe(`--project ${join(dir, ".clasp-prod.json")} push --force`);
  });

  it("pushes nothing when a test fails, or before the script id is filled in", () => {
    const failing = project(false);
    const result = deploy(failing);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/실패했습니다: npm test/);
    expect(() => log(failing)).toThrow();
    const unset = project(true, "REPLACE_WITH_YOUR_DEV_SCRIPT_ID");
    const refused = deploy(unset);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/scriptId가 비어 있습니다/);
  });
});
