// npm run deploy (dev) / npm run deploy:prod: test, build, push with clasp, then create the
// web-app deployment once and update that same deployment afterwards, so the /exec address
// customers have stays the same between releases. Targets are .clasp-dev.json and
// .clasp-prod.json (as Google's TypeScript template, google/aside, keeps them), passed to clasp
// with --project; each also remembers its deploymentId.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const target = process.argv.includes("--prod") ? "prod" : "dev";
const file = join(root, `.clasp-${target}.json`);
const clasp = join(root, "node_modules", ".bin", "clasp");

function fail(message) {
  console.error(message);
  process.exit(1);
}

function run(command, args, options = {}) {
  console.log(`> ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    stdio: options.capture ? "pipe" : "inherit",
    shell: options.shell ?? false,
  });
  if (result.status !== 0) {
    if (options.capture) process.stderr.write(result.stderr ?? "");
    fail(`실패했습니다: ${[command, ...args].join(" ")} (종료 코드 ${result.status})`);
  }
  return result.stdout ?? "";
}

const config = JSON.parse(readFileSync(file, "utf8"));
if (!config.scriptId || /REPLACE/.test(config.scriptId))
  fail(
    `${file}의 scriptId가 비어 있습니다. 시트에서 확장 프로그램 → Apps Script → 프로젝트 설정의 '스크립트 ID'를 넣어 주세요 (README '배포').`,
  );
if (config.rootDir !== "dist") fail(`${file}의 rootDir은 "dist"여야 합니다.`);

run("npm", ["test"]); // lint, typecheck, build (dist/), every test
const description = `peach-orders ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
run(clasp, ["--project", file, "push", "--force"]);
if (config.deploymentId) {
  run(clasp, ["--project", file, "update-deployment", config.deploymentId, "--description", description]);
  console.log(`같은 배포(${config.deploymentId})를 새 버전으로 바꿨습니다: /exec 주소는 그대로입니다.`);
} else {
  const out = run(clasp, ["--project", file, "--json", "create-deployment", "--description", description], {
    capture: true,
  });
  const id = /AKfy[\w-]+/.exec(out)?.[0];
  if (!id) fail(`배포 ID를 알아내지 못했습니다. clasp 출력:\n${out}`);
  writeFileSync(file, `${JSON.stringify({ ...config, deploymentId: id }, null, 2)}\n`);
  console.log(`새 웹 앱 배포를 만들었습니다: https://script.google.com/macros/s/${id}/exec`);
  console.log(
    `${file}에 deploymentId를 적어 두었습니다: 다음부터는 이 배포를 고쳐 주소가 바뀌지 않습니다 (이 파일을 커밋하세요).`,
  );
  console.log("이 주소를 시트의 설정 탭 '조회 페이지 주소'에 넣으세요.");
}
