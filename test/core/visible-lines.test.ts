import fc from "fast-check";
import { parseCommands } from "../../src/core/commands.js";
import { MAX_BODY_CHARS, visibleTopLevelLines } from "../../src/core/visible-lines.js";

const names = (body: string) => parseCommands(body).map((c) => c.name);

/**
 * CommonMark/GFM block rules the command parser relies on (https://spec.commonmark.org/0.31.2/): each
 * row is a comment body and the commands a reader sees in it as lines of text.
 */
const CASES: [string, string, string[]][] = [
  ["a plain top-level line", "Looks good.\n/approve", ["approve"]],
  ["a paragraph continuation line (GitHub shows each line)", "Thanks for the fix,\n/approve", ["approve"]],
  ["an HTML comment on one line", "<!-- /approve -->\n/status", ["status"]],
  ["an HTML comment spanning lines", "<!--\n/publish\n-->", []],
  ["an HTML comment closing mid-line, then a real command", "<!-- note\n/publish\nend --> trailing text\n/status", ["status"]],
  ["an inline HTML comment spanning lines inside a paragraph", "Thanks <!--\n/approve\n--> all", []],
  ["an inline comment closed on the same line leaves the next line visible", "Thanks <!-- x -->\n/approve", ["approve"]],
  ["an unclosed inline `<!--` is literal text", "a <!-- b\n/approve", ["approve"]],
  ["a `<details>` block, even across blank lines", "<details>\n<summary>Log</summary>\n\n/approve\n\n</details>\n\n/status", ["status"]],
  ["an inline `<details>` opened in a paragraph", "See <details>\n\n/approve\n\n</details>\n\n/status", ["status"]],
  ["an indented code block", "    /approve\n\n/status", ["status"]],
  ["a tab-indented code block", "\t/approve", []],
  ["an indented line continuing a paragraph is paragraph text", "Please\n    /approve", ["approve"]],
  ["a ``` fence", "```\n/publish\n```\n/status", ["status"]],
  ["a ~~~ fence", "~~~\n/publish\n~~~\n/status", ["status"]],
  ["a fence closed only by a fence at least as long", "````\n/publish\n```\n/approve\n````\n/status", ["status"]],
  ["a ~~~ fence is not closed by backticks", "~~~\n/publish\n```\n/approve", []],
  ["an unclosed fence runs to the end", "```\n/publish\n\n/approve", []],
  ["a fence inside a list item", "- item\n  ```\n  /publish\n  ```", []],
  ["a fence inside a list item, content not indented, closed by the list's end", "- ```\n  /publish\n/status", ["status"]],
  ["a fence inside a block quote", "> ```\n> /publish\n/status", ["status"]],
  ["a quoted command", "> /approve\n\n/status", ["status"]],
  ["a lazy continuation of a quoted paragraph", "> Alice said\n/approve", []],
  ["a lazy continuation in nested quotes", "> > Alice said\n/approve\n\n/status", ["status"]],
  ["a blank line ends the quote", "> Alice said\n\n/approve", ["approve"]],
  ["a list item is not a top-level line", "- /approve\n1. /publish", []],
  ["a list item's continuation", "- item\n  /approve", []],
  ["a lazy continuation of a list item's paragraph", "- item\n/approve", []],
  ["a line after a list and a blank line", "- item\n\n/approve", ["approve"]],
  ["an ATX heading", "# /approve", []],
  ["a setext heading", "/approve\n---\n/status\n===", []],
  ["a thematic break, then a command", "***\n/approve", ["approve"]],
  ["a table header and rows", "/approve | x\n--- | ---\n/publish | y\n\n/status", ["status"]],
  ["a code span spanning lines", "Use `\n/approve\n` later", []],
  ["a double-backtick code span is not closed by a single one", "Use `` a `\n/approve\n`` b", []],
  ["an unmatched backtick is literal", "Don't ` here\n/approve", ["approve"]],
  ["a link title spanning lines", 'A [link](https://example.com "\n/approve\n")', []],
  ["a link reference definition", "[x]:\n/approve", []],
  ["an image description", "![\n/approve\n](https://example.com/a.png)", []],
  ["an HTML attribute value spanning lines", 'See <a title="\n/approve\n">here</a>', []],
  ["an HTML block (type 6) until a blank line", "<div>\n/approve\n\n/status", ["status"]],
  ["a closing tag starts an HTML block that runs to a blank line", "</details>\n/approve", []],
  ["a `<script>` block", "<script>\n\n/approve\n</script>\n/status", ["status"]],
  ["a command in an inline code span is not at the line start", "`/approve`", []],
  ["the command's text is cut where an inline comment starts", "/security-review skip docs <!-- hidden\nmore -->", ["security-review"]],
  ["CRLF line endings", "<!--\r\n/publish\r\n-->\r\n/status\r\n", ["status"]],
];

describe("visibleTopLevelLines: only lines a reader sees as text", () => {
  it.each(CASES)("%s", (_title, body, expected) => {
    expect(names(body)).toEqual(expected);
  });

  it("keeps only the visible part of a command's arguments", () => {
    expect(parseCommands("/security-review skip docs <!-- hidden\nmore -->")[0]?.rest).toBe("skip docs");
    expect(parseCommands("/approve\n")[0]?.line).toBe(1);
    expect(parseCommands("x\n\n/credit alice\n")[0]).toMatchObject({ line: 3, args: ["alice"] });
  });

  it("reads nothing from a body longer than GitHub's comment limit", () => {
    expect(visibleTopLevelLines(`/approve\n${"a".repeat(MAX_BODY_CHARS)}`)).toEqual([]);
    expect(names(`/approve\n${"a".repeat(MAX_BODY_CHARS - 20)}`)).toEqual(["approve"]);
  });

  it("never throws, and every line it returns is a line of the body", () => {
    const piece = fc.constantFrom("/approve", "/x a", "<!--", "-->", "<details>", "</details>", "```", "~~~", "> ", "- ", "1. ", "    ", "\t", "*", "_", "[", "](", "`", "``", "\n", "\r\n", "# ", "---", "|", "<a b=\"", "\"", "![", "\\", "a ");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 500 }), fc.array(piece, { maxLength: 120 }).map((p) => p.join(""))), (body) => {
        const lines = body.split("\n");
        for (const v of visibleTopLevelLines(body)) expect(lines[v.line - 1]?.includes(v.text)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it("never reads a command inside a fence, a comment, a quote or a list item, wherever it is placed", () => {
    const wrap = fc.constantFrom(
      (c: string) => `\`\`\`\n${c}\n\`\`\``,
      (c: string) => `<!--\n${c}\n-->`,
      (c: string) => `> quoted\n${c}`,
      (c: string) => `- item\n  ${c}`,
      (c: string) => `<details>\n\n${c}\n\n</details>`,
      (c: string) => `    ${c}`,
    );
    const prose = fc.array(fc.constantFrom("Hello.", "", "Some *text*.", "- a list", "> a quote", "```\ncode\n```"), { maxLength: 6 }).map((l) => l.join("\n"));
    fc.assert(
      fc.property(prose, wrap, prose, (before, w, after) => {
        const body = `${before}\n\n${w("/publish")}\n\n${after}`;
        expect(names(body)).not.toContain("publish");
      }),
      { numRuns: 1_000 },
    );
  });
});

/** Families of hostile bodies that make backtracking or nesting parsers super-linear. */
const FAMILIES: Record<string, (n: number) => string> = {
  "emphasis runs": (n) => "*_".repeat(n),
  "nested quotes": (n) => "> ".repeat(n),
  "quotes line by line": (n) => Array.from({ length: n / 8 }, (_, i) => "> ".repeat(i % 64) + "a").join("\n"),
  "link openers": (n) => "[a](".repeat(n),
  "link titles": (n) => '[a](b "'.repeat(n),
  "comment openers": (n) => "<!--".repeat(n),
  "comment openers per line": (n) => "a <!--\n".repeat(n / 2),
  "backtick runs": (n) => Array.from({ length: n / 16 }, (_, i) => "`".repeat(1 + (i % 15))).join(" "),
  "nested list markers": (n) => "- ".repeat(n),
  "nested lists then blank lines": (n) => `${"- ".repeat(n / 4)}a${"\n".repeat(n / 2)}`,
  "reference definitions": (n) => "[a]: b\n".repeat(n / 4),
  "open tags": (n) => '<a b="<a b=\'<a '.repeat(n / 4),
  "details openers": (n) => "<details>\n".repeat(n / 4),
  "fence openers": (n) => "```\n~~~~\n".repeat(n / 4),
  "table rows": (n) => `a|b\n-|-\n${"|a|b|\n".repeat(n / 4)}`,
  "commands in a paragraph": (n) => "/approve\n".repeat(n / 8),
};

function timeOf(body: string): number {
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    visibleTopLevelLines(body);
    runs.push(performance.now() - started);
  }
  return Math.min(...runs);
}

describe("visibleTopLevelLines: linear time on hostile input", () => {
  it.each(Object.keys(FAMILIES))("%s: a 64 KB body within 250 ms, and four times the input takes at most ~four times as long", (family) => {
    const make = FAMILIES[family] as (n: number) => string;
    const size = (n: number) => make(n).slice(0, n);
    for (let r = 0; r < 5; r++) timeOf(size(16_000)); // warm-up
    const quarter = timeOf(size(16_000));
    const full = timeOf(size(MAX_BODY_CHARS - 1));
    expect(full).toBeLessThan(250);
    // Linear growth gives ~4×, quadratic ~16×; the floor absorbs timer noise when other test files run alongside.
    expect(full).toBeLessThan(Math.max(8 * quarter, 40));
  });

  it("bounds the time per input on generated hostile bodies", () => {
    const part = fc.constantFrom("*", "_", "> ", "[a](", "<!--", "`", "- ", "1. ", "\n", "<details>", "```", "<a b=\"", "![", "]:", "|", "    ");
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 24 }), fc.integer({ min: 100, max: 20_000 }), (parts, times) => {
        const body = parts.join("").repeat(times).slice(0, MAX_BODY_CHARS);
        const started = performance.now();
        parseCommands(body);
        // Generous for a loaded CI machine: the super-linear parsers took seconds to minutes on such bodies.
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
