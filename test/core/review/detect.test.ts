import fc from "fast-check";
import { ReviewConfig } from "../../../src/config/sections/review.js";
import { compileRules, detect, evaluateRules, type ChangedFile, type ReviewInput } from "../../../src/core/review/detect.js";
import { ConfigError } from "../../../src/errors.js";

const defaults = compileRules(ReviewConfig.parse({}));

/** A one-hunk patch: `+` lines added, `-` lines removed, anything else context. */
function patchOf(lines: string[], start = 10): string {
  const removed = lines.filter((l) => !l.startsWith("+")).length;
  const added = lines.filter((l) => !l.startsWith("-")).length;
  return [`@@ -${start},${removed} +${start},${added} @@ def view(request):`, ...lines.map((l) => (/^[+-]/.test(l) ? l : ` ${l}`))].join("\n");
}

function file(filename: string, lines: string[], extra: Partial<ChangedFile> = {}): ChangedFile {
  return { filename, status: "modified", additions: 1, deletions: 1, patch: patchOf(lines), ...extra };
}

function pr(files: ChangedFile[], extra: Partial<ReviewInput> = {}): ReviewInput {
  return { title: "Tidy code", body: "", labels: [], files, filesCapped: false, ...extra };
}

function firedIds(input: ReviewInput, rules = defaults): string[] {
  return detect(input, rules).fired.map((r) => r.id);
}

/** One line per default line rule: an added line that must fire it, in a file where it applies. */
const LINE_RULE_CASES: [rule: string, filename: string, line: string][] = [
  ["escaping-disabled", "app/views.py", "    return mark_safe(f'<b>{name}</b>')"],
  ["escaping-disabled", "app/templates/page.html", "{{ comment.text|safe }}"],
  ["escaping-disabled", "app/templates/page.html", "{% autoescape off %}"],
  ["csrf-exemption", "app/views.py", "@csrf_exempt"],
  ["raw-sql", "app/models.py", "    qs = Entry.objects.extra(where=[clause])"],
  ["raw-sql", "app/models.py", "    qs = qs.annotate(x=RawSQL('select 1', []))"],
  ["raw-sql", "app/models.py", "    people = Person.objects.raw(query)"],
  ["shell-command", "app/tasks.py", "    subprocess.run(cmd, shell=True)"],
  ["shell-command", "app/tasks.py", "    os.system('convert ' + name)"],
  ["dynamic-code", "app/calc.py", "    return eval(expression)"],
  ["dynamic-code", "app/calc.py", "    exec(source, namespace)"],
  ["unsafe-deserialization", "app/cache.py", "    value = pickle.loads(raw)"],
  ["unsafe-deserialization", "app/conf.py", "    data = yaml.load(stream)"],
  ["debug-enabled", "project/settings.py", "DEBUG = True"],
  ["allowed-hosts-wildcard", "project/settings.py", "ALLOWED_HOSTS = ['*']"],
];

describe("default rules", () => {
  it.each(LINE_RULE_CASES)("%s fires on an added line of %s", (rule, filename, line) => {
    expect(firedIds(pr([file(filename, ["x = 1", `+${line}`])]))).toContain(rule);
  });

  it.each(LINE_RULE_CASES)("%s stays quiet when %s only loses the line", (rule, filename, line) => {
    expect(firedIds(pr([file(filename, ["x = 1", `-${line}`])]))).not.toContain(rule);
  });

  it.each(LINE_RULE_CASES)("%s stays quiet when the line of %s is unchanged context", (rule, filename, line) => {
    expect(firedIds(pr([file(filename, [line, "+x = 1"])]))).not.toContain(rule);
  });

  it("accepts yaml.load with a safe loader", () => {
    expect(firedIds(pr([file("app/conf.py", ["+data = yaml.load(stream, Loader=yaml.SafeLoader)"])]))).not.toContain("unsafe-deserialization");
  });

  it("does not take a method named exec or execute for dynamic code", () => {
    expect(firedIds(pr([file("app/db.py", ["+cursor.execute(sql, params)", "+match = pattern.exec(text)"])]))).not.toContain("dynamic-code");
  });

  it("does not count settings that merely mention DEBUG", () => {
    expect(firedIds(pr([file("project/settings.py", ["+TEMPLATE_DEBUG = False", "+DEBUG = False"])]))).not.toContain("debug-enabled");
  });

  it.each([
    "django/contrib/auth/backends.py",
    "app/middleware/csrf.py",
    "django/contrib/sessions/backends/db.py",
    "django/utils/crypto.py",
    "app/security.py",
    "django/core/signing.py",
  ])("counts any change to the sensitive file %s, and flags it with one more signal", (filename) => {
    const plain = evaluateRules(pr([file(filename, ["+x = 1"])]), defaults);
    expect(plain.matched.find((r) => r.id === "sensitive-area")?.hits).toEqual([{ file: filename, where: "path" }]);
    expect(detect(pr([file(filename, ["+x = 1"])]), defaults).needsReview).toBe(false);
    expect(detect(pr([file(filename, ["+    if len(token) > MAX_TOKEN_LENGTH:"])]), defaults).needsReview).toBe(true);
  });

  it("flags a file moved out of a sensitive area", () => {
    const moved = file("app/helpers.py", ["+x = 1"], { status: "renamed", previous_filename: "app/auth/helpers.py" });
    expect(evaluateRules(pr([moved]), defaults).matched.map((r) => r.id)).toContain("sensitive-area");
  });

  it.each(["SECURITY.md", ".github/SECURITY.md"])("flags a change to the security policy %s", (filename) => {
    expect(firedIds(pr([file(filename, ["+Report to security@example.com"])]))).toContain("security-policy");
  });

  it("leaves ordinary changes alone", () => {
    const detection = detect(pr([file("app/views.py", ["def index(request):", "+    return render(request, 'index.html')"]), file("README.md", ["+Install with pip."])]), defaults);
    expect(detection).toEqual({ needsReview: false, fired: [] });
  });

  it.each([
    ["title", { title: "Fix XSS in the search page" }],
    ["body", { body: "This closes a path traversal in uploads." }],
    ["labels", { labels: ["vulnerability"] }],
  ])("reads security keywords in the %s", (_where, extra) => {
    const detection = detect(pr([], extra), defaults);
    expect(detection.fired.map((r) => [r.id, r.hits])).toEqual([["security-keywords", [{ where: "metadata" }]]]);
  });

  it("does not treat its own review label as a keyword", () => {
    expect(detect(pr([], { labels: ["security-review"] }), defaults).needsReview).toBe(false);
  });

  it("matches keywords as whole words only", () => {
    expect(detect(pr([], { title: "Insecurityless refactor of CVEDict" }), defaults).needsReview).toBe(false);
  });
});

describe("detect", () => {
  it("reports the new-file line number of an added line", () => {
    const patch = ["@@ -1,3 +1,3 @@", " import os", "-x = 1", "+x = 2", "@@ -40,2 +41,3 @@ def f():", " a = 1", "+b = 2", "+return eval(b)"].join("\n");
    const detection = detect(pr([{ filename: "app/calc.py", status: "modified", additions: 3, deletions: 1, patch }]), defaults);
    expect(detection.fired).toEqual([
      expect.objectContaining({ id: "dynamic-code", hits: [{ file: "app/calc.py", line: 43, where: "added" }] }),
    ]);
  });

  it("counts a missing patch on a sensitive path as a match", () => {
    const big: ChangedFile = { filename: "django/contrib/auth/hashers.py", status: "modified", additions: 9000, deletions: 10 };
    const detection = detect(pr([big]), defaults);
    expect(detection.needsReview).toBe(true);
    expect(detection.fired[0]?.hits).toEqual([{ file: big.filename, where: "missing-patch" }]);
  });

  it("ignores a binary file, which has no patch and no line counts, outside sensitive areas", () => {
    const binary: ChangedFile = { filename: "tests/data/archive.tar", status: "added", additions: 0, deletions: 0 };
    expect(detect(pr([binary]), defaults).needsReview).toBe(false);
  });

  it("needs review when GitHub capped the file list", () => {
    const detection = detect(pr([file("README.md", ["+hello"])], { filesCapped: true }), defaults);
    expect(detection.needsReview).toBe(true);
    expect(detection.fired.map((r) => [r.id, r.hits])).toEqual([["capped-file-list", [{ where: "capped" }]]]);
  });

  it("orders rules by id and hits by file then line, whatever the file order", () => {
    const files = [
      file("b/views.py", ["+eval(a)", "+mark_safe(a)"]),
      file("a/views.py", ["+x = 1", "+eval(b)", "+eval(c)"]),
      file("django/contrib/auth/forms.py", ["+x = 1"]),
    ];
    const one = detect(pr(files), defaults);
    const other = detect(pr([...files].reverse()), defaults);
    expect(one).toEqual(other);
    expect(one.fired.map((r) => r.id)).toEqual(["dynamic-code", "escaping-disabled", "sensitive-area"]);
    expect(one.fired[0]?.hits.map((h) => `${h.file}:${h.line}`)).toEqual(["a/views.py:11", "a/views.py:12", "b/views.py:10"]);
  });

  it("gives every fired rule a message and checklist items", () => {
    const detection = detect(pr([file("app/views.py", ["+@csrf_exempt"])]), defaults);
    for (const rule of detection.fired) {
      expect(rule.message.length).toBeGreaterThan(20);
      expect(rule.checklist.length).toBeGreaterThan(0);
    }
  });

  it("cuts very long lines before matching", () => {
    const within = `+${" ".repeat(1_900)}eval(a)`;
    const beyond = `+${" ".repeat(5_000)}eval(a)`;
    expect(detect(pr([file("app/min.py", [within])]), defaults).needsReview).toBe(true);
    expect(detect(pr([file("app/min.py", [beyond])]), defaults).needsReview).toBe(false);
  });

  it("never throws and stays deterministic on arbitrary patch text", () => {
    const patchText = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.array(fc.oneof(fc.constantFrom("@@ -1 +1 @@", "@@ -3,2 +5,9 @@ x", "@@ garbage", "\\ No newline at end of file", "+eval(x)", "-mark_safe(", " ctx", "+", "\r"), fc.string({ maxLength: 40 })), { maxLength: 30 }).map((l) => l.join("\n")),
    );
    const changed = fc.record({
      filename: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("django/contrib/auth/x.py", "app/v.py", "SECURITY.md")),
      status: fc.constant("modified"),
      additions: fc.nat(10),
      deletions: fc.nat(10),
      patch: fc.option(patchText, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(changed, { maxLength: 5 }), fc.string(), fc.boolean(), (files, title, capped) => {
        const input = pr(files as ChangedFile[], { title, filesCapped: capped });
        const first = detect(input, defaults);
        expect(detect(input, defaults)).toEqual(first);
        expect(first.needsReview).toBe(first.fired.length > 0);
        for (const rule of first.fired) for (const hit of rule.hits) if (hit.line !== undefined) expect(Number.isInteger(hit.line)).toBe(true);
      }),
    );
  });
});

describe("compileRules", () => {
  it("uses only the configured rules when the built-in ones are off", () => {
    const rules = compileRules(ReviewConfig.parse({ defaultRules: false, paths: ["billing/**"], keywords: ["payment"] }));
    expect(rules.rules.map((r) => r.id)).toEqual(["capped-file-list", "configured-keywords", "configured-paths"]);
    expect(firedIds(pr([file("billing/charge.py", ["+x = 1"])]), rules)).toEqual(["configured-paths"]);
    expect(firedIds(pr([file("app/views.py", ["+eval(x)"])], { body: "New payment flow" }), rules)).toEqual(["configured-keywords"]);
  });

  it("switches off the built-in rules listed in disabledRules", () => {
    const rules = compileRules(ReviewConfig.parse({ disabledRules: ["dynamic-code"] }));
    expect(firedIds(pr([file("app/calc.py", ["+eval(x)"])]), rules)).toEqual([]);
  });

  it("rejects a custom pattern that needs backtracking, naming its key", () => {
    const review = ReviewConfig.parse({ defaultRules: false });
    review.rules = [
      { id: "ok", message: "m", checklist: [], weight: 1, paths: [], exclude: [], pattern: "fine", ignoreCase: false, lines: "added", keywords: [] },
      { id: "bad", message: "m", checklist: [], weight: 1, paths: [], exclude: [], pattern: "(a)\\1", ignoreCase: false, lines: "added", keywords: [] },
    ];
    expect(() => compileRules(review)).toThrow(ConfigError);
    try {
      compileRules(review);
    } catch (error) {
      expect((error as ConfigError).file).toBe(".github/secwg.yml");
      expect((error as ConfigError).problems).toEqual([
        { path: "review.rules[1].pattern", message: "not a valid regular expression (invalid escape sequence: `\\1`); lookaheads and backreferences are not supported" },
      ]);
    }
  });

  it("matches custom patterns that would backtrack catastrophically in linear time, on lines and in the pre-screen", () => {
    const review = ReviewConfig.parse({ defaultRules: false });
    const rule = (id: string, pattern: string) => ({ id, message: "m", checklist: [], weight: 1, paths: [], exclude: [], pattern, ignoreCase: false, lines: "added" as const, keywords: [] });
    review.rules = [rule("alt", "(a|a)*b"), rule("nested", "(a+)+c"), rule("anchored", "^(\\w+\\s?)*$")];
    const rules = compileRules(review);
    const hostile = `${"a".repeat(28)}!`;
    const huge = `${"a".repeat(200_000)}b`;
    const started = performance.now();
    expect(firedIds(pr([file("x.txt", [`+${hostile}`, `+${"a".repeat(5_000)}!`, `+${huge}`])]), rules)).toEqual(["anchored"]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("rejects a custom pattern that is not a regular expression, naming its key", () => {
    const review = ReviewConfig.parse({ defaultRules: false });
    review.rules = [{ id: "bad", message: "m", checklist: [], weight: 1, paths: [], exclude: [], pattern: "mark_safe(", ignoreCase: false, lines: "added", keywords: [] }];
    expect(() => compileRules(review)).toThrow(/review\.rules\[0\]\.pattern: not a valid regular expression/);
  });
});

describe("security-keywords (default rules)", () => {
  const rules = compileRules(ReviewConfig.parse({}));
  const fired = (title: string, body: string) =>
    detect({ title, body, labels: [], files: [{ filename: "README.md", status: "modified", additions: 1, deletions: 0, patch: "@@ -1 +1 @@\n-a\n+b" }], filesCapped: false }, rules).fired.map((r) => r.id);

  it("flags a pull request that says it fixes a vulnerability", () => {
    expect(fired("Fix security issue in login redirect", "")).toContain("security-keywords");
    expect(fired("Escape user input", "Prevents an XSS in the admin")).toContain("security-keywords");
  });

  it.each([
    ["Fix two vulnerabilities in the upload view", ""],
    ["Guard against SQL injections in the ordering parameter", ""],
    ["Avoid DoS on long Accept-Language headers", ""],
    ["Bound the time of the slug pattern", "The old one was open to ReDoS."],
    ["Refuse external entities", "Closes an XXE in the feed importer."],
    ["Check the webhook URL", "An SSRF let a user reach the metadata service."],
    ["Stop evaluating filter arguments", "This was an RCE."],
    ["Limit nested brackets", "Prevents a denial-of-service through deep nesting."],
    ["Reject crafted cookies", "Fixes CVEs reported last week."],
    ["Escape the name", "Fixes cross-site scripting in the profile page."],
  ])("reads inflected words and abbreviations: %s", (title, body) => {
    expect(fired(title, body)).toContain("security-keywords");
  });

  it("matches a mixed-case abbreviation as written, so ordinary words that share its letters do not count", () => {
    expect(fired("Run the tests on MS-DOS", "")).not.toContain("security-keywords");
    expect(fired("Translate dos and don'ts", "Spanish: dos personas.")).not.toContain("security-keywords");
    expect(fired("Inject the clock into the scheduler", "Dependency injection for tests.")).not.toContain("security-keywords");
  });

  it("does not flag a pull request just for naming the security group", () => {
    expect(fired("Add frank to the Security Working Group", "## Security experience\nTen years of pentesting.")).not.toContain("security-keywords");
  });
});
