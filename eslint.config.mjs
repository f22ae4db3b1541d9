import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeGlobals = {
  require: "readonly",
  module: "writable",
  process: "readonly",
  console: "readonly",
  URL: "readonly",
  __dirname: "readonly",
};

/**
 * Layers point inward (ENGINEERING.md "Architecture"): the domain knows no app and no host, the
 * app knows no host. Checked here, not remembered: `npm run lint` fails on an import that
 * climbs out. Relative paths are matched by the folder they end in.
 */
const hosts = ["gas", "local", "node", "web"];
const layerRule = (forbidden, why) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: forbidden.map((folder) => ({
        regex: `(^|/)\\.\\.(/\\.\\.)*/${folder}(/|$)`,
        message: `${why} (${folder}).`,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ["build/", "dist/", "coverage/", "node_modules/", "demo/", "artefacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: nodeGlobals },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: layerRule(["app", ...hosts], "The domain is pure: it imports no app layer and no host"),
  },
  {
    files: ["src/app/**/*.ts"],
    rules: layerRule(hosts, "The app layer runs on every host: it imports none of them"),
  },
);
