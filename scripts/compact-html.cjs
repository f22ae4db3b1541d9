// The pages as they ship (dist/Code.js, the local server) and as every test loads them: without
// indentation and whole-line comments (`// …`, one-line `/* … */` and `<!-- … -->`), their
// inline script and style minified by esbuild (whitespace and syntax, names kept, no syntax newer
// than ES2020): the whole bundle loads on every Apps Script run, and none of that is content (no
// <pre> or <textarea> text in the pages).
const { transformSync } = require("esbuild");

function minify(code, loader) {
  return transformSync(code, {
    loader,
    minifyWhitespace: true,
    minifySyntax: true,
    ...(loader === "js" ? { target: "es2020" } : {}),
  }).code.trim();
}

function compactHtml(source) {
  const html = source.replace(/^[ \t]+/gm, "").replace(/^(\/\/.*|\/\*.*\*\/|<!--.*-->)\r?\n/gm, "");
  return html.replace(
    /<(script|style)>([\s\S]*?)<\/\1>/g,
    (_, tag, code) => `<${tag}>${minify(code, tag === "script" ? "js" : "css")}</${tag}>`,
  );
}

module.exports = { compactHtml };
