import { RE2JS } from "re2js";
import { ReviewConfig } from "../../../src/config/sections/review.js";
import { DEFAULT_RULES, DJANGO_PRESET } from "../../../src/core/review/default-rules.js";
import { compileRules, detect, evaluateRules, type ReviewInput } from "../../../src/core/review/detect.js";

/**
 * The rule families drawn from the taxonomy (CWE Top 25, OWASP ASVS), each with a change that shows
 * the weakness class or its fix and a similar ordinary change. Written by hand for a made-up shop
 * application; none is taken from a real project's history. Run without any path preset, so each
 * family is shown to work on content alone.
 */
const rules = compileRules(ReviewConfig.parse({ preset: "none" }));

/** One file whose single hunk sits in `context` (what git prints after a hunk header's `@@`). */
function pr(filename: string, lines: string[], context = ""): ReviewInput {
  const patch = [`@@ -10,6 +10,7 @@${context ? ` ${context}` : ""}`, ...lines.map((l) => (/^[+-]/.test(l) ? l : ` ${l}`))].join("\n");
  return { title: "", body: "", labels: [], files: [{ filename, status: "modified", additions: 1, deletions: 1, patch }], filesCapped: false };
}
const matched = (input: ReviewInput) => evaluateRules(input, rules).matched.map((r) => r.id);

/** [family, file, hunk context, changed lines] for a match, then the same for a similar change that must not match. */
type Case = [string, string, string, string[], string, string[]];
const CASES: Case[] = [
  // Injection (CWE-89): the code that turns expressions into SQL.
  ["role-query-building", "shop/orm/lookups.py", "class JSONKeyLookup(Lookup):", ["+        sql = sql.replace('%', '%%')"], "class PriceFormatter:", ["+        sql = sql.replace('%', '%%')"]],
  ["role-query-building", "shop/orm/compiler.py", "    def as_sql(self, compiler, connection):", ["+        return lhs, params"], "    def as_dict(self):", ["+        return lhs, params"]],
  // HTTP request handling (ASVS V13/V14): middleware and request objects see attacker-chosen headers.
  ["role-request-handling", "shop/web/gate.py", "class RateLimitMiddleware:", ["+        key = request.META.get('REMOTE_ADDR')"], "class RateTable:", ["+        key = row.get('REMOTE_ADDR')"]],
  ["role-request-handling", "shop/web/request.py", "    def get_host(self):", ["+        host = self._raw_host()"], "    def get_name(self):", ["+        host = self._raw_host()"]],
  // Parsers of untrusted formats (CWE-611, CWE-400).
  ["role-untrusted-parser", "shop/feeds/reader.py", "class AtomParser:", ["+        node = self._next()"], "class AtomWriter:", ["+        node = self._next()"]],
  ["role-untrusted-parser", "shop/wire.py", "def parse_accept_header(value):", ["+    parts = value.split(',')"], "def build_accept_header(values):", ["+    parts = value.split(',')"]],
  // Output encoding (CWE-79).
  ["role-output-encoding", "shop/text.py", "def linkify_urls(text, autoescape=True):", ["+    words = text.split()"], "def count_words(text):", ["+    words = text.split()"]],
  // Authentication and session management (CWE-287, CWE-384).
  ["role-authentication", "shop/accounts/hashers.py", "class Argon2Hasher(BasePasswordHasher):", ["+        params = self.params()"], "class ArgonLogo:", ["+        params = self.params()"]],
  ["role-authentication", "shop/accounts/tokens.py", "    def check_token(self, user, token):", ["+        ts = self._parse(token)"], "    def list_tokens(self, user):", ["+        ts = self._parse(token)"]],
  // File and path handling (CWE-22, CWE-434).
  ["role-file-handling", "shop/media/store.py", "class S3MediaStorage(Storage):", ["+        name = self._clean(name)"], "class S3MediaStats:", ["+        name = self._clean(name)"]],
  // Input validation (ASVS V5).
  ["role-input-validation", "shop/forms/phone.py", "class PhoneNumberValidator:", ["+        digits = value.strip()"], "class PhoneNumberFormatter:", ["+        digits = value.strip()"]],
  ["role-input-validation", "shop/forms/signup.py", "    def clean_username(self):", ["+        name = self.cleaned_data['username']"], "    def save(self):", ["+        name = self.cleaned_data['username']"]],
  // What a module does, from what it imports.
  ["security-import", "shop/payments/webhook.py", "", ["+import hmac"], "", ["+import json"]],
  ["security-import", "shop/feeds/reader.py", "", ["+from defusedxml.ElementTree import fromstring"], "", ["+from xml_helpers_docs import fromstring_docs"]],
  // Guard shapes.
  ["allow-list-check", "shop/api/sort.py", "", ["+    if field not in ALLOWED_SORT_FIELDS:"], "", ["+    if field in cache:"]],
  ["allow-list-check", "shop/api/query.py", "", ["+    if not isinstance(key, str):"], "", ["+    if isinstance(key, str):"]],
  ["character-block-list", "shop/mail/headers.py", "", ["+    if '\\n' in value or '\\r' in value:"], "", ["+    if 'name' in value:"]],
  ["character-block-list", "shop/files/names.py", "", ["+    if any(ch in name for ch in FORBIDDEN_CHARS):"], "", ["+    names = [n for n in names]"]],
  ["normalisation", "shop/accounts/lookup.py", "", ["+    email = unicodedata.normalize('NFKC', email).casefold()"], "", ["+    email = email.title()"]],
  ["normalisation", "shop/web/hosts.py", "", ["+    if host.lower() in allowed:"], "", ["+    label = host.lower()"]],
  ["regex-changed", "shop/text.py", "", ["+    return re.sub(r'<[^>]*>', '', html)"], "", ["+    return html.replace('<', '')"]],
  // Cryptography and randomness (CWE-327, CWE-330).
  ["crypto-randomness", "shop/accounts/reset.py", "", ["-    code = random.randint(100000, 999999)"], "", ["+    pages = range(1, count)"]],
  ["crypto-randomness", "shop/accounts/reset.py", "", ["+    code = secrets.token_urlsafe(32)", "+    salt = get_random_string(22)"], "", ["+    code = make_code(32)"]],
  // HTTP semantics: hosts, redirects, cookies, security headers (CWE-601, CWE-614, CWE-1021).
  ["http-semantics", "shop/web/login.py", "", ["+    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts):"], "", ["+    if not next_url:"]],
  ["http-semantics", "shop/web/cookies.py", "", ["+    response.set_cookie('cart', value, httponly=True, samesite='Lax')"], "", ["+    response.write(value)"]],
  ["http-semantics", "shop/web/headers.py", "", ["+    response['X-Frame-Options'] = 'DENY'"], "", ["+    response['X-Request-Id'] = rid"]],
  // Secrets in logs and error reports (CWE-532).
  ["secrets-in-logs", "shop/accounts/views.py", "", ["+@sensitive_post_parameters('password', 'token')"], "", ["+@require_POST"]],
  ["secrets-in-logs", "shop/payments/client.py", "", ["-    logger.info('calling API with api_key=%s', api_key)"], "", ["-    logger.info('calling API for order %s', order_id)"]],
  // Untrusted structured formats (CWE-611, CWE-502, CWE-776).
  ["unsafe-format-parsing", "shop/feeds/reader.py", "", ["+    parser = etree.XMLParser(resolve_entities=False)"], "", ["+    parser = CsvParser(delimiter=';')"]],
  ["unsafe-format-parsing", "shop/api/filters.py", "", ["-    value = ast.literal_eval(raw)"], "", ["-    value = int(raw)"]],
  // Text signals robust to grammar and abbreviations.
  ["security-vocabulary", "shop/api/filters.py", "", ["+    # Refuse keys that could lead to SQL injections."], "", ["+    # Refuse keys that are too long for the index."]],
  ["security-vocabulary", "shop/text.py", "", ["+    # Bounded to avoid ReDoS on crafted input."], "", ["+    # Bounded to keep the output short."]],
  ["security-vocabulary", "shop/tests/test_feeds.py", "", ["+    def test_entity_expansion_is_not_vulnerable(self):"], "", ["+    def test_entity_expansion_is_readable(self):"]],
  // Tests that show what a change defends against: attack data and names, bounds on time.
  ["attack-test", "shop/tests/test_feeds.py", "", ["+        malicious_feed = '<!DOCTYPE x [<!ENTITY a \"b\">]>'"], "", ["+        simple_feed = '<feed/>'"]],
  ["bounded-time-test", "shop/tests/test_text.py", "", ["+        start = time.perf_counter()", "+        self.assertLess(time.perf_counter() - start, 1)"], "", ["+        self.assertLess(len(result), 10)"]],
  // Resource exhaustion (CWE-400): limits in either naming style.
  ["input-limit", "shop/api/upload.py", "", ["+    if size > self.max_size:"], "", ["+    self.max_size = size"]],
  // Broadened shapes: any escaping or sanitising helper, named regular-expression fragments,
  // recursion-deep test inputs, advisory ids and open redirects in comments, attack hosts in test data.
  ["escaping-changed", "shop/web/links.py", "", ["+    url = escape_leading_slashes(url)"], "", ["+    url = leading_slashes(url)"]],
  ["regex-changed", "shop/forms/email.py", "", ["+    host_re = r'[a-z0-9-]{1,63}'"], "", ["+    host_name = 'shop.example'"]],
  ["huge-input-test", "tests/test_decode.py", "", ["+        data = b'\\xfc' * sys.getrecursionlimit()"], "", ["+        limit = sys.getrecursionlimit()"]],
  ["security-vocabulary", "shop/web/redirects.py", "", ["+    # Refuse //host, an open redirect."], "", ["+    # Refuse //host, a redirect loop."]],
  ["security-vocabulary", "shop/text.py", "", ["+    # CVE-2030-12345: bounded recursion."], "", ["+    # Bounded recursion."]],
  ["attack-test", "tests/test_redirects.py", "", ["+        response = self.client.get('//evil.com/')"], "", ["+        response = self.client.get('//shop.example/')"]],
];

describe("rule families from the taxonomy", () => {
  it.each(CASES)("%s matches in %s", (family, filename, context, lines) => {
    expect(matched(pr(filename, lines, context))).toContain(family);
  });

  it.each(CASES)("%s does not match a similar ordinary change in %s", (family, filename, _c, _l, context, lines) => {
    expect(matched(pr(filename, lines, context))).not.toContain(family);
  });

  it("reads a module's role only from code, not from the headings of documentation", () => {
    expect(matched(pr("docs/topics/forms.txt", ["+More text."], "class PhoneNumberValidator:"))).toEqual([]);
  });

  it("needs a second signal: a role alone or a guard shape alone is not enough", () => {
    expect(detect(pr("shop/feeds/reader.py", ["+        node = self._next()"], "class AtomParser:"), rules).needsReview).toBe(false);
    expect(detect(pr("shop/api/sort.py", ["+    if field not in ALLOWED_SORT_FIELDS:"]), rules).needsReview).toBe(false);
  });

  it("says in plain words which family fired on which line, including the function the change is in", () => {
    const input = pr("shop/accounts/tokens.py", ["+        if any(ch in token for ch in FORBIDDEN_CHARS):", "+            raise ValueError('bad token')"], "    def check_token(self, user, token):");
    const detection = detect(input, rules);
    expect(detection.needsReview).toBe(true);
    const byId = Object.fromEntries(detection.fired.map((r) => [r.id, r]));
    expect(byId["role-authentication"]?.message).toMatch(/authenticates users/);
    expect(byId["role-authentication"]?.hits).toEqual([{ file: "shop/accounts/tokens.py", line: 10, where: "context" }]);
    expect(byId["character-block-list"]?.hits).toEqual([{ file: "shop/accounts/tokens.py", line: 10, where: "added" }]);
  });
});

describe("location and moved code", () => {
  const django = compileRules(ReviewConfig.parse({}));
  const file = (filename: string, lines: string[], context = "") => pr(filename, lines, context).files[0] as ReviewInput["files"][number];
  const both = (...files: ReviewInput["files"]): ReviewInput => ({ title: "", body: "", labels: [], files, filesCapped: false });

  it("location alone (a sensitive path, the class a change is in) never reaches the threshold", () => {
    const input = both(file("shop/auth/hashers.py", ["+    # Reworded comment."], "class PBKDF2Hasher(BasePasswordHasher):"), file("shop/views/listing.py", ["+    return value"]));
    const evaluation = evaluateRules(input, django);
    expect(evaluation.matched.map((r) => r.id)).toEqual(["exposed-area", "role-authentication", "sensitive-area"]);
    expect(evaluation.score).toBe(0);
    expect(detect(input, django).needsReview).toBe(false);
  });

  it("location counts once a rule about what the change does fires", () => {
    const input = both(file("shop/auth/tokens.py", ["+        raise ValueError('token too old')"], "    def check_token(self, user, token):"));
    expect(detect(input, django).needsReview).toBe(true);
    expect(detect(input, django).fired.map((r) => r.id)).toEqual(["input-rejected", "role-authentication", "sensitive-area"]);
  });

  it("a line only moved or re-indented within a file is not evidence; the same line added is", () => {
    const movedOnly = file("shop/web/views.py", ["-raise SuspiciousOperation('bad')", "+    raise SuspiciousOperation('bad')"]);
    expect(evaluateRules(both(movedOnly), rules).matched).toEqual([]);
    const added = file("shop/web/views.py", ["-    return data", "+    raise SuspiciousOperation('bad')"]);
    expect(evaluateRules(both(added), rules).matched.map((r) => r.id)).toEqual(["suspicious-input-raised"]);
  });

  it("a call the patch keeps with the same arguments while the line around it changes is not evidence; a changed call is", () => {
    const ids = (f: ReviewInput["files"][number]) => evaluateRules(both(f), rules).matched.map((r) => r.id);
    // The escape call is kept as it was: only the name next to it changed.
    const kept = file("shop/web/forms.py", ["-    pattern = '{}-{}'.format(re.escape(prefix), self.model.pk_name)", "+    pattern = '{}-{}'.format(re.escape(prefix), self.opts.pk_name)"]);
    expect(ids(kept)).toEqual([]);
    const keptMatch = file("shop/feeds/dates.py", ["-    found = stamp_re.match(value)", "+    if found := stamp_re.match(value):"]);
    expect(ids(keptMatch)).toEqual([]);
    // The same line shapes with the call itself changed: escaping added, an expression replaced.
    const added = file("shop/web/forms.py", ["-    pattern = '{}-{}'.format(prefix, self.model.pk_name)", "+    pattern = '{}-{}'.format(re.escape(prefix), self.opts.pk_name)"]);
    expect(ids(added)).toEqual(["escaping-changed"]);
    const changed = file("shop/feeds/dates.py", ["-    slug_re = re.compile(r'(\\w+-?)+$')", "+    slug_re = re.compile(r'\\w+(?:-\\w+)*\\Z')"]);
    expect(ids(changed)).toContain("regex-changed");
    // A call that appears once more on one side than on the other still counts there.
    const oneMore = file("shop/web/forms.py", ["-    a = escape(name)", "+    a = escape(name)", "+    b = escape(name)"]);
    expect(ids(oneMore)).toEqual(["escaping-changed"]);
  });

  it("tightened-condition: a compound condition added in an exposed area, not elsewhere and not a moved one", () => {
    const ids = (f: ReviewInput["files"][number]) => evaluateRules(both(f), django).matched.map((r) => r.id);
    expect(ids(file("shop/middleware/gate.py", ["-    if host:", "+    if host and host in allowed:"]))).toContain("tightened-condition");
    expect(ids(file("shop/reports/totals.py", ["-    if rows:", "+    if rows and rows[0]:"]))).not.toContain("tightened-condition");
    expect(ids(file("shop/middleware/gate.py", ["-if host and host in allowed:", "+    if host and host in allowed:"]))).not.toContain("tightened-condition");
  });
});

describe("built-in patterns", () => {
  it("are linear-time expressions that also compile under RE2 syntax (no lookbehind, no backreferences)", () => {
    const patterns = [...DEFAULT_RULES, ...DJANGO_PRESET].flatMap((r) => [r.pattern, r.unless]).filter((p): p is string => p !== undefined);
    expect(patterns.length).toBeGreaterThan(30);
    for (const pattern of patterns) expect(() => RE2JS.compile(pattern)).not.toThrow();
  });
});
