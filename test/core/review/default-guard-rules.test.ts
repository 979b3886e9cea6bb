import { ReviewConfig } from "../../../src/config/sections/review.js";
import { compileRules, detect, evaluateRules, type ChangedFile, type ReviewInput } from "../../../src/core/review/detect.js";

const rules = compileRules(ReviewConfig.parse({}));

function pr(filename: string, lines: string[]): ReviewInput {
  const patch = ["@@ -1,9 +1,9 @@", ...lines.map((l) => (/^[+-]/.test(l) ? l : ` ${l}`))].join("\n");
  const file: ChangedFile = { filename, status: "modified", additions: 1, deletions: 1, patch };
  return { title: "", body: "", labels: [], files: [file], filesCapped: false };
}
const matched = (input: ReviewInput) => evaluateRules(input, rules).matched.map((r) => r.id);

/** [rule, file, changed lines that must match it, similar lines that must not]. Written by hand. */
const CASES: [string, string, string[], string[]][] = [
  ["suspicious-input-raised", "shop/upload.py", ["+        raise SuspiciousFileOperation(name)"], ["+        raise KeyError(name)"]],
  ["suspicious-input-raised", "shop/upload.py", ["-        raise DisallowedHost(host)"], ["         raise DisallowedHost(host)"]],
  ["input-rejected", "shop/forms.py", ["+        raise ValidationError('too long')"], ["+        except ValidationError:"]],
  ["input-limit", "shop/parse.py", ["+    if len(value) > MAX_HEADER_LENGTH:"], ["+    total = len(items)"]],
  ["input-limit", "shop/parse.py", ["+PARSE_MAX_FIELDS_NUMBER = 1000"], ["+max_fields = 3"]],
  ["escaping-changed", "shop/render.py", ["-    return format_html('<b>{}</b>', name)"], ["+    return name.upper()"]],
  ["escaping-changed", "shop/urls.py", ["+    return re.compile(re.escape(prefix))"], ["+    return re.compile(prefix)"]],
  ["regex-changed", "shop/text.py", ["+TAG_RE = re.compile(r'<(/)?(\\S+?)>')"], ["+TAG = '<b>'"]],
  ["path-handling", "shop/storage.py", ["+    path = safe_join(root, name)"], ["+    path = root + name"]],
  ["validation-added", "shop/widgets.py", ["+        self.validator(value)"], ["+        self.value = value"]],
  ["validation-added", "shop/urls.py", ["+    parts.append(r'\\Z')"], ["+    parts.append('$')"]],
  ["sql-parameters", "shop/db/lookups.py", ["+        return '(%s -> %%s)' % lhs, [key] + params"], ["+        return '(%s)' % lhs"]],
  ["permission-check", "shop/admin.py", ["+        if not self.has_change_permission(request, obj):"], ["+        if not obj:"]],
  ["file-permissions", "shop/cache.py", ["+        old_umask = os.umask(0o077)"], ["+        os.makedirs(path, exist_ok=True)"]],
  ["html-sink", "shop/static/popup.js", ["-    el.innerHTML = label;"], ["+    el.textContent = label;"]],
  ["template-escaping-changed", "shop/templates/500.html", ["+<td>{{ value|force_escape }}</td>"], ["+<td>{{ value }}</td>"]],
  ["secret-comparison", "shop/tokens.py", ["+    return constant_time_compare(a, b)"], ["+    return a == b"]],
  ["huge-input-test", "shop/tests/test_text.py", ["+        truncate('<a' * 100000)"], ["+        truncate('<a' * 3)"]],
  ["suspicious-input-test", "shop/tests/test_upload.py", ["+        with self.assertRaises(SuspiciousFileOperation):"], ["+        with self.assertRaises(KeyError):"]],
  ["attack-test", "shop/tests/test_lookups.py", ["+    def test_key_sql_injection(self):"], ["+    def test_key_lookup(self):"]],
  ["attack-test", "shop/tests/test_widgets.py", ["+        render('javascript:alert(1)')"], ["+        render('https://example.com')"]],
];

describe("default rules for the shapes security fixes take", () => {
  it.each(CASES)("%s matches in %s", (rule, filename, positive) => {
    expect(matched(pr(filename, positive))).toContain(rule);
  });

  it.each(CASES)("%s does not match a similar ordinary change in %s", (rule, filename, _positive, negative) => {
    expect(matched(pr(filename, negative))).not.toContain(rule);
  });

  it("does not apply code rules to tests", () => {
    expect(matched(pr("shop/tests/test_forms.py", ["+        raise ValidationError('x')", "+    if len(x) > 3:"]))).toEqual([]);
  });

  it("counts any change to a module that parses untrusted input, but asks for a second signal", () => {
    expect(matched(pr("shop/utils/html.py", ["+    # clearer comment"]))).toEqual(["sensitive-area"]);
    expect(detect(pr("shop/utils/html.py", ["+    # clearer comment"]), rules).needsReview).toBe(false);
    expect(detect(pr("shop/utils/html.py", ["+    if len(value) > MAX_INPUT_LENGTH:"]), rules).fired.map((r) => r.id)).toEqual(["input-limit", "sensitive-area"]);
  });

  it("does not flag a translation update in a sensitive package", () => {
    expect(detect(pr("shop/contrib/sessions/locale/fr/LC_MESSAGES/django.po", ['+msgstr "Session"']), rules).needsReview).toBe(false);
  });

  it("needs a second signal for a change in an exposed area", () => {
    const plain = pr("shop/views/list.py", ["+    items = sorted(items)"]);
    expect(detect(plain, rules).needsReview).toBe(false);
    expect(matched(plain)).toEqual(["exposed-area"]);
    const guarded = pr("shop/views/list.py", ["+    if len(items) > MAX_ITEMS_NUMBER:", "+        raise ValueError('too many items')"]);
    expect(detect(guarded, rules).fired.map((r) => r.id)).toEqual(["exposed-area", "input-limit", "input-rejected"]);
  });

  it("does not flag an ordinary feature outside sensitive areas even when it validates input", () => {
    expect(detect(pr("shop/catalog/models.py", ["+        raise ValueError('bad price')"]), rules).needsReview).toBe(false);
  });
});

describe("95 % intervals", () => {
  it("gives the Wilson score interval, inside [0, 1] even at the extremes", async () => {
    const { wilsonInterval } = await import("../../../src/core/review/corpus-evaluation.js");
    const mid = wilsonInterval(22, 25);
    expect(mid.low).toBeCloseTo(0.7, 2);
    expect(mid.high).toBeCloseTo(0.958, 3);
    expect(wilsonInterval(0, 63).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});
