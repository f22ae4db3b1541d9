// `node scripts/crossings.mjs [file] [function]`: the way of one pass through the layers, counted
// statically with the TypeScript checker. From the pass's function (default: `pass` in
// src/app/sync/pass.ts) it follows every call that resolves to a function or method declared
// under src/, once per declaration, and prints:
// - stops: functions reached, and the files they are in;
// - app→domain: calls from an app function into a domain function;
// - domain→app: calls from a domain function into an app function, and function expressions
//   written in the app that a domain function is handed (it calls back into the app);
// - host stops: reached functions that take a `Host` parameter.
// "The season's rules in one domain function" should show few app→domain calls and no climbs.
import ts from "typescript";
import { relative, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const [fileArg = "src/app/sync/pass.ts", fnArg = "pass"] = process.argv.slice(2);
const config = ts.getParsedCommandLineOfConfigFile(
  resolve(root, "tsconfig.json"),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => {},
  },
);
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const layerOf = (file) => {
  const rel = relative(root, file);
  if (rel.startsWith("src/domain/")) return "domain";
  if (rel.startsWith("src/app/")) return "app";
  if (rel.startsWith("src/")) return "host";
  return null;
};

function declarationOf(node) {
  let symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return null;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol.declarations?.find(
    (d) =>
      ts.isFunctionDeclaration(d) ||
      ts.isMethodDeclaration(d) ||
      ts.isVariableDeclaration(d) ||
      ts.isGetAccessor(d),
  );
  if (!decl) return null;
  if (ts.isVariableDeclaration(decl)) {
    const init = decl.initializer;
    return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : null;
  }
  return decl.body ? decl : null;
}

const start = program
  .getSourceFile(resolve(root, fileArg))
  ?.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === fnArg);
if (!start) throw new Error(`${fnArg} not found in ${fileArg}`);

const seen = new Set();
const counts = { appToDomain: 0, domainToApp: 0, callbacksIntoApp: 0, hostStops: 0 };
const files = new Set();
const queue = [start];
const takesHost = (fn) => fn.parameters?.some((p) => /\bHost\b/.test(p.type?.getText() ?? ""));
while (queue.length > 0) {
  const fn = queue.shift();
  if (seen.has(fn)) continue;
  seen.add(fn);
  const file = fn.getSourceFile().fileName;
  const layer = layerOf(file);
  files.add(relative(root, file));
  if (takesHost(fn)) counts.hostStops++;
  const visit = (node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
      const target = declarationOf(callee);
      if (target && layerOf(target.getSourceFile().fileName)) {
        const to = layerOf(target.getSourceFile().fileName);
        if (layer === "app" && to === "domain") {
          counts.appToDomain++;
          // Function expressions written here and handed to the domain: it calls back into the app.
          for (const arg of node.arguments ?? [])
            if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) counts.callbacksIntoApp++;
        }
        if (layer === "domain" && to === "app") counts.domainToApp++;
        queue.push(target);
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
}
console.log(
  JSON.stringify({
    from: `${fileArg}:${fnArg}`,
    stops: seen.size,
    files: files.size,
    appToDomainCalls: counts.appToDomain,
    domainToAppCalls: counts.domainToApp,
    appCallbacksHandedToDomain: counts.callbacksIntoApp,
    stopsTakingHost: counts.hostStops,
  }),
);
