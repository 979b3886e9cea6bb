import fc from "fast-check";
import yaml from "js-yaml";
import { parseConfigYaml } from "../../src/config/validate.js";
import { parseCommands } from "../../src/core/commands.js";
import { parseRosterYaml } from "../../src/core/roster.js";
import { ConfigError, RosterError } from "../../src/errors.js";

/** Text that looks like YAML often enough to reach the schema, and garbage often enough to reach the parser's errors. */
const yamlish = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.string({ unit: fc.constantFrom(...":-[]{}\n #&*!|>'\"%@`,?0123456789abcxyz\t".split("")), maxLength: 300 }),
  fc.anything({ maxDepth: 4 }).map((value) => yaml.dump(value, { skipInvalid: true })),
  fc.dictionary(fc.constantFrom("group", "review", "members", "votes", "reports", "_extends", "typo"), fc.anything({ maxDepth: 3 })).map((v) => yaml.dump(v, { skipInvalid: true })),
);

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
      { numRuns: 500 },
    );
  });

  it("stays fast and bounded on a huge comment", () => {
    const huge = `/ack\n${"x".repeat(5_000_000)}\n/ack`;
    expect(parseCommands(huge)).toHaveLength(1);
  });

  it("turns any text given as .github/secwg.yml into a configuration or a ConfigError, nothing else", () => {
    fc.assert(fc.property(yamlish, (text) => onlyThrows(ConfigError, () => parseConfigYaml(text, "o/r:.github/secwg.yml"))), { numRuns: 400 });
  });

  it("turns any text given as the roster into a roster or a RosterError, nothing else", () => {
    fc.assert(fc.property(yamlish, (text) => onlyThrows(RosterError, () => parseRosterYaml(text, "o/g:MEMBERS.yml"))), { numRuns: 400 });
  });

  it("refuses YAML bombs and custom tags with a ConfigError", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    onlyThrows(ConfigError, () => parseConfigYaml(bomb, "f"));
    onlyThrows(ConfigError, () => parseConfigYaml("review: !!js/function 'function () { return 1 }'", "f"));
  });
});
