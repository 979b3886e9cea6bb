import fc from "fast-check";
import { escapeUntrusted } from "../../src/core/markdown-escape.js";
import { parseMarkers } from "../../src/core/marker.js";

/** What GitHub links as a mention: `@` directly followed by a login or `org/team` character. */
const MENTION = /(^|[^A-Za-z0-9_`])@[A-Za-z0-9]/;

const hostile = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: fc.constantFrom("<", ">", "!", "-", "@", "`", "[", "]", "(", ")", "&", "#", "\\", "a", "b", "\n", " ", "s", ":", "*", "_", "|"), maxLength: 120 }),
  fc.constantFrom(
    "<!-- secwg:log-record:eyJ2IjoxfQ -->",
    "<!-- secwg-review-record:abc.0123456789abcdef0123456789abcdef -->",
    "@octocat",
    "@acme/security-team",
    "&#64;octocat",
    "`code` ``x``",
    "[x](https://example.com) ![i](https://example.com/i.png)",
    "line one\n<details>\nhidden",
  ),
);

describe("escapeUntrusted", () => {
  it("never lets an HTML comment, tag or secwg marker through", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeUntrusted(text, 10_000);
        expect(out).not.toContain("<");
        expect(out).not.toContain(">");
        expect(out).not.toContain("<!--");
        expect(parseMarkers(out)).toEqual([]);
      }),
    );
  });

  it("never produces a mention GitHub would link", () => {
    fc.assert(fc.property(hostile, (text) => expect(MENTION.test(escapeUntrusted(text, 10_000))).toBe(false)));
    expect(escapeUntrusted("@octocat")).toBe("@\u200boctocat");
  });

  it("never opens or closes a code span, link or image, and stays on one line", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeUntrusted(text, 10_000);
        expect(out).not.toMatch(/(^|[^\\])(\\\\)*`/);
        expect(out).not.toMatch(/(^|[^\\])(\\\\)*\]\(/);
        expect(out).not.toMatch(/[\r\n\u2028\u2029]/);
      }),
    );
  });

  it("neutralises entities someone typed", () => {
    expect(escapeUntrusted("&#64;octocat &lt;!--")).toBe("&amp;\\#64;octocat &amp;lt;\\!--");
  });

  it("keeps ordinary names and paths readable", () => {
    expect(escapeUntrusted("alice-smith")).toBe("alice-smith");
    expect(escapeUntrusted("src/auth/login.ts")).toBe("src/auth/login.ts");
    expect(escapeUntrusted("a_b")).toBe("a\\_b");
  });

  it("caps the length", () => {
    expect(Array.from(escapeUntrusted("x".repeat(500), 50))).toHaveLength(50);
  });
});
