import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * The layer rules of docs/architecture.md, enforced at every folder depth. Patterns use `**` so
 * that `src/core/review/x.ts` importing `../../github/gateway.js` is caught like a file one level
 * up (a single `*` matches one path segment only). Each group names what the layer may not reach.
 */
const GITHUB_CLIENTS = {
  group: ["probot", "probot/**", "@octokit/*", "@octokit/**"],
  message: "GitHub and Probot clients live behind the gateway in src/github.",
};
const NETWORK = {
  group: ["node:http", "node:https", "node:net", "http", "https", "net", "ioredis", "pino"],
  message: "I/O and process-level services belong to src/app, src/http or src/github.",
};
const layer = (message, ...folders) => ({ group: folders.flatMap((f) => [`**/${f}/**`, `**/${f}.js`]), message });
const APP_SIDE = layer(
  "this layer may not import the app side (GitHub access, features, handlers, sweep, CLI, wiring).",
  "github", "features", "handlers", "sweep", "cli", "app", "http", "demo",
);
const PROCESS_MODULES = {
  group: ["**/logger.js", "**/metrics.js", "**/octokit.js", "**/process-guard.js"],
  message: "process-level modules (logging, metrics, wiring) are not part of a pure layer.",
};

/** src/core: pure decisions. Imports src/core, the pure config schema, src/errors.ts and pure libraries. */
const CORE_RULES = [GITHUB_CLIENTS, NETWORK, APP_SIDE, PROCESS_MODULES];
/** src/config: the schema. Same as src/core: no GitHub code, no loading. */
const CONFIG_RULES = [GITHUB_CLIENTS, NETWORK, APP_SIDE, PROCESS_MODULES];
/** src/github: the gateway. May use Octokit and src/core; never features, handlers, the sweep or the CLI. */
const GITHUB_RULES = [layer("src/github is below every feature: it may not import features, handlers, the sweep, the CLI or the app wiring.", "features", "handlers", "sweep", "cli", "app", "http", "demo")];

/**
 * Declarative data, exempt from the size rules: tables and schemas read as lists, and splitting them
 * would only scatter one list over several files.
 */
const DECLARATIVE_DATA = [
  "src/core/review/default-rules.ts", // the built-in review rules
  "src/config/sections/*.ts", // the configuration schema, one section per file
];

const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default tseslint.config(
  { ignores: ["dist/**", "dist-check/**", "coverage/**", "node_modules/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
    },
  },
  {
    // Tests read loosely typed webhook payloads and request bodies.
    files: ["test/**/*.ts", "sim/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Size: a file does one thing and a function reads on one screen (docs/architecture.md).
    files: ["src/**/*.ts"],
    ignores: DECLARATIVE_DATA,
    rules: {
      "max-lines": ["error", { max: 250, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ["src/core/**/*.ts"], rules: restrict(CORE_RULES) },
  { files: ["src/config/**/*.ts"], rules: restrict(CONFIG_RULES) },
  { files: ["src/github/**/*.ts"], rules: restrict(GITHUB_RULES) },
);
