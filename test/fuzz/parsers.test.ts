import fc from "fast-check";
import yaml from "js-yaml";
import { parseConfigYaml } from "../../src/config/validate.js";
import { parseCommands } from "../../src/core/commands.js";
import { checkTemplateAnswers, usesMembershipTemplate } from "../../src/core/membership/membership-template.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { ConfigError, RosterError } from "../../src/errors.js";

/** Text that looks like YAML often enough to reach the schema, and garbage often enough to reach the parser's errors. */
const yamlish = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.string({ unit: fc.constantFrom(...":-[]{}\n #&*!|>'\"%@`,?0123456789abcxyz\t".split("")), maxLength: 300 }),
  fc.anything({ maxDepth: 4 }).map((value) => yaml.dump(value, { skipInvalid: true })),
  fc.dictionary(fc.constantFrom("group", "review", "members", "votes", "reports", "_extends", "typo"), fc.anything({ maxDepth: 3 })).map((v) => yaml.dump(v, { skipInvalid: true })),
);

/**
 * Runs per property: a few hundred in CI (a few seconds in all); set `FUZZ_RUNS` for a longer local
 * run, e.g. `FUZZ_RUNS=100000 npm run test:unit -- test/fuzz`.
 */
const RUNS = Number(process.env.FUZZ_RUNS) || 0;
const runs = (ci: number) => ({ numRuns: RUNS || ci });

/** Per-input bounds: generous for a loaded CI machine, far below what a super-linear parser takes. */
const MAX_MS_PER_INPUT = 250;
const MAX_HEAP_GROWTH_PER_INPUT = 64 * 1024 * 1024;

/** Runs `fn` on one input and fails if it took too long or grew the heap too much. */
function bounded<T>(fn: () => T): T {
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = fn();
  const elapsed = performance.now() - started;
  if (elapsed > MAX_MS_PER_INPUT) throw new Error(`took ${elapsed.toFixed(0)} ms (bound ${MAX_MS_PER_INPUT} ms)`);
  const growth = process.memoryUsage().heapUsed - heap;
  if (growth > MAX_HEAP_GROWTH_PER_INPUT) throw new Error(`grew the heap by ${(growth / 1048576).toFixed(0)} MB`);
  return result;
}

/** Text built from the characters that matter to Markdown and to the parsers, repeated to large sizes. */
const hostileMarkdown = fc
  .tuple(fc.array(fc.constantFrom("/", "/approve", "<!--", "-->", "<details>", "</details>", "```", "~~~", "> ", "- ", "    ", "*", "_", "[", "](", "`", "\n", "## ", "- [x] ", "a"), { maxLength: 40 }), fc.integer({ min: 1, max: 2_000 }))
  .map(([parts, times]) => parts.join("").repeat(times));

/** YAML-ish text with anchors and aliases, nesting and long scalars. */
const hostileYaml = fc
  .tuple(fc.array(fc.constantFrom("a: ", "&x ", "*x", "[", "]", "{", "}", "\n", "  ", "- ", "members:\n", "id: 1", "!!str ", "? ", "'", '"', "#"), { maxLength: 40 }), fc.integer({ min: 1, max: 500 }))
  .map(([parts, times]) => parts.join("").repeat(times));

function onlyThrows<E extends Error & { problems: { message: string }[] }>(ErrorClass: new (...args: any[]) => E, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ErrorClass)) throw new Error(`expected only ${ErrorClass.name}, got ${String(error)}`);
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) expect(typeof p.message).toBe("string");
  }
}

describe("fuzz: parsers", () => {
  it("parses any comment body without throwing, returning at most ten well-formed commands", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 2000 }), fc.array(fc.oneof(fc.constant("/"), fc.constant("```"), fc.constant("> /x"), fc.string()), { maxLength: 50 }).map((a) => a.join("\n"))), (body) => {
        const commands = parseCommands(body);
        expect(commands.length).toBeLessThanOrEqual(10);
        for (const c of commands) expect(c.name).toMatch(/^[a-z][a-z0-9-]*$/);
      }),
      runs(500),
    );
  });

  it("parses any large hostile comment within the time and memory bound per input", () => {
    fc.assert(fc.property(hostileMarkdown, (body) => void bounded(() => parseCommands(body))), runs(100));
  });

  it("checks any membership request description within the bound, never throwing", () => {
    fc.assert(
      fc.property(fc.oneof(hostileMarkdown, fc.string({ unit: "grapheme", maxLength: 2000 })), (body) => {
        const problems = bounded(() => checkTemplateAnswers(body));
        bounded(() => usesMembershipTemplate(body));
        for (const p of problems) expect(typeof p.fix).toBe("string");
      }),
      runs(100),
    );
    // An unclosed comment opener repeated over a whole description: each must not rescan the rest.
    bounded(() => checkTemplateAnswers(`## Motivation\n${"<!--".repeat(16_000)}`));
  });

  it("stays fast on a huge comment, reading no command from a body over GitHub's 65,536-char limit", () => {
    // Cutting the body could cut the `-->` that hides a command, so an over-long body is not read at all.
    const huge = `/ack\n${"x".repeat(5_000_000)}\n/ack`;
    expect(bounded(() => parseCommands(huge))).toHaveLength(0);
  });

  it("turns any text given as .github/secwg.yml into a configuration or a ConfigError, nothing else", () => {
    fc.assert(fc.property(fc.oneof(yamlish, hostileYaml), (text) => onlyThrows(ConfigError, () => bounded(() => parseConfigYaml(text, "o/r:.github/secwg.yml")))), runs(400));
  });

  it("turns any text given as the roster into a roster or a RosterError, nothing else", () => {
    fc.assert(fc.property(fc.oneof(yamlish, hostileYaml), (text) => onlyThrows(RosterError, () => bounded(() => parseRosterYaml(text, "o/g:MEMBERS.yml")))), runs(400));
  });

  it("refuses YAML bombs and custom tags with a ConfigError", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    onlyThrows(ConfigError, () => parseConfigYaml(bomb, "f"));
    onlyThrows(ConfigError, () => parseConfigYaml("review: !!js/function 'function () { return 1 }'", "f"));
  });
});
