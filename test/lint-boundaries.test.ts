import { ESLint } from "eslint";

/**
 * The layer rules of docs/architecture.md are enforced by `eslint.config.js` at every folder depth.
 * Each case lints a planted source as if it lived at `filePath` and expects the boundary rule to
 * fire (or, for the allowed imports, not to).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryMessages(filePath: string, specifier: string): Promise<string[]> {
  const code = `import { thing } from "${specifier}";\nexport const used = thing;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const refused: Array<[string, string]> = [
  ["src/core/review/planted.ts", "../../github/gateway.js"],
  ["src/core/review/planted.ts", "../../github/octokit/comments.js"],
  ["src/core/planted.ts", "../github/gateway.js"],
  ["src/core/review/deep/planted.ts", "../../../github/gateway.js"],
  ["src/core/review/planted.ts", "../../features/review/events.js"],
  ["src/core/review/planted.ts", "../../features/policy/load.js"],
  ["src/core/vote/planted.ts", "../../sweep/runner.js"],
  ["src/core/vote/planted.ts", "../../app/deps.js"],
  ["src/core/vote/planted.ts", "../../cli/commands.js"],
  ["src/core/vote/planted.ts", "../../logger.js"],
  ["src/core/vote/planted.ts", "probot"],
  ["src/core/vote/planted.ts", "@octokit/rest"],
  ["src/core/vote/planted.ts", "node:http"],
  ["src/config/planted.ts", "../github/gateway.js"],
  ["src/config/sections/planted.ts", "../../github/gateway.js"],
  ["src/config/sections/planted.ts", "../../features/policy/load.js"],
  ["src/config/sections/planted.ts", "@octokit/rest"],
  ["src/github/planted.ts", "../handlers/commands.js"],
  ["src/github/octokit/planted.ts", "../../handlers/commands.js"],
  ["src/github/octokit/planted.ts", "../../features/apply-effects.js"],
  ["src/github/octokit/planted.ts", "../../sweep/runner.js"],
];

const allowed: Array<[string, string]> = [
  ["src/core/review/planted.ts", "../roster.js"],
  ["src/core/review/planted.ts", "../../config/schema.js"],
  ["src/core/review/planted.ts", "../../errors.js"],
  ["src/core/review/planted.ts", "zod"],
  ["src/config/sections/planted.ts", "../../core/roster.js"],
  ["src/github/octokit/planted.ts", "../../core/identity.js"],
  ["src/github/octokit/planted.ts", "@octokit/rest"],
  ["src/features/review/planted.ts", "../../github/gateway.js"],
];

describe("layer boundaries in eslint.config.js", () => {
  it.each(refused)("refuses %s importing %s", async (filePath, specifier) => {
    expect(await boundaryMessages(filePath, specifier)).toHaveLength(1);
  });

  it.each(allowed)("allows %s importing %s", async (filePath, specifier) => {
    expect(await boundaryMessages(filePath, specifier)).toEqual([]);
  });

  it("passes a clean pure module with no problem at all", async () => {
    const code = 'import { z } from "zod";\nimport { isOurs } from "../identity.js";\nexport const schema = z.string();\nexport const ours = isOurs;\n';
    const [result] = await eslint.lintText(code, { filePath: "src/core/review/planted.ts" });
    expect(result?.messages).toEqual([]);
  });

  it("refuses a re-export of GitHub code from src/core too", async () => {
    const [result] = await eslint.lintText('export { Gateway } from "../../github/gateway.js";\n', { filePath: "src/core/review/planted.ts" });
    expect(result?.messages.map((m) => m.ruleId)).toContain("no-restricted-imports");
  });
});

describe("size limits in eslint.config.js", () => {
  const sizeMessages = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => m.ruleId).filter((id) => id === "max-lines" || id === "max-lines-per-function");
  };
  const statements = (n: number, indent = "") => Array.from({ length: n }, (_, i) => `${indent}export const v${i} = ${i};`).join("\n");
  const functionOf = (n: number) => `export function f(): number {\n  let x = 0;\n${Array.from({ length: n - 4 }, () => "  x++;").join("\n")}\n  return x;\n}\n`;

  it("refuses a source file over 250 lines", async () => {
    expect(await sizeMessages("src/features/review/planted.ts", statements(251) + "\n")).toEqual(["max-lines"]);
  });

  it("does not count blank lines and comments", async () => {
    const code = statements(240) + "\n" + Array.from({ length: 100 }, (_, i) => (i % 2 ? "" : `// note ${i}`)).join("\n") + "\n";
    expect(await sizeMessages("src/core/review/planted.ts", code)).toEqual([]);
  });

  it("refuses a function over 60 lines and accepts one of 60", async () => {
    expect(await sizeMessages("src/github/octokit/planted.ts", functionOf(61))).toEqual(["max-lines-per-function"]);
    expect(await sizeMessages("src/github/octokit/planted.ts", functionOf(60))).toEqual([]);
  });

  it("exempts declarative data: the built-in review rules and the configuration schema sections", async () => {
    expect(await sizeMessages("src/core/review/default-rules.ts", statements(300) + "\n")).toEqual([]);
    expect(await sizeMessages("src/config/sections/planted.ts", statements(300) + "\n")).toEqual([]);
  });
});
