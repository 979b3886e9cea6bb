import type { RuleSpec } from "./rule-model.js";

/**
 * Built-in rules for Django-style Python projects. Two families:
 * - dangerous constructs and security-sensitive areas, which fire on their own (weight 1);
 * - the shapes real security fixes take (see docs/review-rules.md).
 */

const PYTHON = ["**/*.py"];
const TESTS = ["**/tests/**", "**/test/**", "**/test_*.py", "**/*_test.py", "**/tests.py", "**/conftest.py"];
const DOCS = ["docs/**", "**/*.md", "**/*.rst", "**/*.txt"];
const PYTHON_CODE = { paths: PYTHON, exclude: TESTS };
/** Translations and assets: changed in bulk, never a security control. */
const NOT_CODE = ["**/locale/**", "**/*.mo", "**/*.po", "**/*.css", "**/*.svg", "**/*.png", "**/*.gif", "**/*.min.js", "**/vendor/**"];

/**
 * Modules whose every change deserves a security look: they parse untrusted input (HTML, URLs,
 * headers, uploads, file names) or enforce a security control. Named by role, so the globs fit
 * other Django-style projects too.
 */
const GUARD_MODULES = [
  "**/utils/html.py",
  "**/utils/text.py",
  "**/utils/http.py",
  "**/utils/encoding.py",
  "**/utils/archive.py",
  "**/utils/numberformat.py",
  "**/utils/formats.py",
  "**/core/validators.py",
  "**/validators.py",
  "**/http/request.py",
  "**/http/response.py",
  "**/http/multipartparser.py",
  "**/views/static.py",
  "**/core/files/**",
  "**/files/storage.py",
  "**/sessions/**",
  "**/middleware/csrf*",
  "**/middleware/security*",
  "**/auth/**",
  "**/crypto*",
  "**/signing*",
  "**/security*",
];

/**
 * Wider areas where a change is often, but not usually, security-relevant: a change here counts
 * half, and needs a second signal (a guard-shaped line, a huge-input test) to reach review.
 */
const EXPOSED_AREAS = [
  "**/auth/**",
  "**/middleware/**",
  "**/http/**",
  "**/urls/**",
  "**/utils/**",
  "**/views/**",
  "**/core/cache/**",
  "**/core/servers/**",
  "**/core/handlers/**",
  "**/admin/options.py",
  "**/admin/widgets.py",
  "**/admin/helpers.py",
  "**/admindocs/**",
  "**/forms/**",
  "**/template/defaultfilters.py",
  "**/template/defaulttags.py",
  "**/db/models/sql/**",
  "**/db/models/functions/**",
  "**/db/models/aggregates.py",
  "**/db/models/expressions.py",
  "**/db/models/lookups.py",
  "**/db/backends/*/operations.py",
  "**/postgres/**",
  "**/gis/db/models/**",
  "**/files/**",
  "**/translation/**",
];

export const DEFAULT_RULES: readonly RuleSpec[] = [
  // --- dangerous constructs ---
  {
    id: "escaping-disabled",
    message: "Marks text as safe HTML or turns auto-escaping off, which lets unescaped input reach a page (XSS).",
    checklist: [
      "Can any part of the text marked safe come from a user, a database row or a request?",
      "Is every variable inside it escaped (`format_html`, `escape`, `conditional_escape`)?",
    ],
    pattern: String.raw`\bmark_safe\(|\bSafeString\(|\|\s*safe\b|\{%\s*autoescape\s+off`,
    exclude: TESTS,
  },
  {
    id: "csrf-exemption",
    message: "Exempts a view from CSRF protection, so another site can make a logged-in user's browser call it.",
    checklist: ["Does the view change state? If so, why is CSRF protection not needed?", "Is it authenticated another way (token, signature)?"],
    pattern: String.raw`\bcsrf_exempt\b`,
    exclude: TESTS,
  },
  {
    id: "raw-sql",
    message: "Builds SQL by hand, where input that is not passed as a parameter becomes SQL injection.",
    checklist: [
      "Are all values passed as query parameters (`params=[...]`), never formatted into the SQL string?",
      "Can a user choose any identifier (column, table, alias) used in the SQL?",
    ],
    pattern: String.raw`\.extra\(|\bRawSQL\(|\.raw\(`,
    paths: PYTHON,
    exclude: TESTS,
  },
  {
    id: "shell-command",
    message: "Runs a shell command; input reaching it can execute arbitrary commands.",
    checklist: ["Is the command a fixed list of arguments (no `shell=True`)?", "Can any argument come from a user or a file name?"],
    pattern: String.raw`\bshell\s*=\s*True\b|\bos\.(?:system|popen)\(`,
    paths: PYTHON,
  },
  {
    id: "dynamic-code",
    message: "Evaluates code built at run time (`eval`/`exec`), which runs whatever an attacker manages to put in it.",
    checklist: ["Can the evaluated text contain input? Replace with a parser (e.g. `ast.literal_eval`) or a lookup table."],
    pattern: String.raw`(?:^|[^\w.])(?:eval|exec)\(`,
    paths: PYTHON,
    exclude: TESTS,
  },
  {
    id: "unsafe-deserialization",
    message: "Deserializes data with a loader that can create arbitrary objects (`pickle`, `marshal`, `yaml.load` without a safe loader).",
    checklist: ["Can the data come from outside (request, cache, cookie, upload)?", "Use JSON or `yaml.safe_load`, or sign the data first."],
    pattern: String.raw`\b(?:pickle|cPickle|marshal)\.loads?\(|\byaml\.(?:load|load_all|unsafe_load)\(`,
    unless: String.raw`SafeLoader|CSafeLoader`,
    paths: PYTHON,
    exclude: TESTS,
  },
  {
    id: "debug-enabled",
    message: "Turns on `DEBUG`, which shows settings and tracebacks to anyone who can trigger an error.",
    checklist: ["Is this file used only for local development, never in production?"],
    pattern: String.raw`^\s*DEBUG\s*=\s*True\b`,
    paths: PYTHON,
    exclude: TESTS,
  },
  {
    id: "allowed-hosts-wildcard",
    message: "Accepts any Host header (`ALLOWED_HOSTS = ['*']`), which enables host-header poisoning of password-reset links and caches.",
    checklist: ["List the real host names instead of `*`."],
    pattern: String.raw`ALLOWED_HOSTS\s*=\s*[[(]\s*['"]\*['"]`,
    paths: PYTHON,
  },
  // --- security-sensitive areas ---
  {
    id: "sensitive-area",
    message: "Changes code that enforces a security control or parses untrusted input (HTML, URLs, headers, uploads, file names, sessions, signing, passwords).",
    checklist: [
      "Could the change let someone act as another user, keep a session longer, or skip a check?",
      "Does input of any length and content still take bounded time and memory?",
      "Are secrets compared in constant time and never logged?",
    ],
    paths: GUARD_MODULES,
    // Set-up code around a control (migrations, management commands, system checks, templates) is not the control.
    exclude: [...TESTS, ...DOCS, ...NOT_CODE, "**/migrations/**", "**/management/**", "**/templates/**", "**/checks.py"],
  },
  {
    id: "exposed-area",
    message: "Changes code in an area that handles requests, URLs, templates, forms, the admin or SQL generation.",
    checklist: ["Does the change handle input from a request, a URL, a form or a query parameter? Is it validated and escaped?"],
    weight: 0.5,
    paths: EXPOSED_AREAS,
    exclude: [...TESTS, ...DOCS, ...GUARD_MODULES, ...NOT_CODE],
  },
  // --- the shapes security fixes take ---
  {
    id: "suspicious-input-raised",
    message: "Adds or removes a refusal of suspicious input (`SuspiciousOperation`, `DisallowedHost`, `PermissionDenied`, a too-many/too-big error).",
    checklist: ["Is every path that reaches the protected operation guarded?", "Does the error reveal nothing to the attacker?"],
    pattern: String.raw`\b(?:Suspicious\w*|Disallowed\w*|PermissionDenied|TooMany\w+|RequestDataTooBig|BadRequest)\b`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "input-rejected",
    message: "Adds code that rejects invalid input (`raise ValueError` / `ValidationError`).",
    checklist: ["Is the check done before the input is used (not after work proportional to its size)?"],
    weight: 0.25,
    pattern: String.raw`\braise\s+(?:ValueError|ValidationError|TypeError|AttributeError)\b`,
    ...PYTHON_CODE,
  },
  {
    id: "input-limit",
    message: "Adds or changes a length or size limit on input.",
    checklist: ["Is the limit applied before any expensive processing?", "Is the limit enforced on every way in (form, API, header)?"],
    weight: 0.25,
    pattern: String.raw`\blen\([^)]{0,80}\)\s*[<>]=?|[<>]=?\s*len\(|MAX_[A-Z_]{0,40}(?:LENGTH|SIZE|NUMBER|DIGITS|FIELDS|FILES|BYTES|DEPTH)\b|\[:\s*[A-Za-z_.]{0,40}(?:max|MAX|limit|LIMIT)\w{0,20}\]`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "escaping-changed",
    message: "Adds or removes escaping or quoting of output (HTML, URLs, SQL identifiers, headers).",
    checklist: ["Is every value that reaches the output escaped for that output's syntax?", "Was escaping removed anywhere?"],
    weight: 0.5,
    pattern: String.raw`\b(?:escape|conditional_escape|force_escape|escapejs|escape_uri_path|format_html|json_script|quote|urlquote|urlencode|iri_to_uri|re\.escape)\(`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "regex-changed",
    message: "Adds or changes a regular expression in code that parses input; a careless one can backtrack for minutes on a crafted string (ReDoS) or accept too much.",
    checklist: ["Can the expression backtrack catastrophically on a long crafted input?", "Is it anchored (`\\A`/`\\Z`, no `$` before a newline)?"],
    weight: 0.5,
    pattern: String.raw`\bre\.compile\(|_lazy_re_compile\(|\bregex\s*=\s*r?["']`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "path-handling",
    message: "Changes how file system paths are built or checked, where a crafted name can escape the intended directory.",
    checklist: ["Can a user-supplied name contain `..`, an absolute path or a drive letter?", "Is the final path checked to be inside the base directory?"],
    weight: 0.5,
    pattern: String.raw`\b(?:normpath|abspath|realpath|safe_join|commonpath|is_relative_to|get_valid_filename|get_valid_name)\(|\.basename\(`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "validation-added",
    message: "Adds validation of input (a validator call, a full-string match, an end-of-string anchor).",
    checklist: ["Is the value validated before it is used, on every path?", "Does `$` let a trailing newline through where `\\Z` or `fullmatch` was meant?"],
    weight: 0.5,
    pattern: String.raw`\bvalidate\w*\(|\bvalidator\w*\(|\brun_validators\(|\bfullmatch\(|\\Z`,
    ...PYTHON_CODE,
  },
  {
    id: "sql-parameters",
    message: "Changes how values reach generated SQL (parameters, quoting of names, literal values).",
    checklist: ["Is every value passed as a query parameter rather than formatted into the SQL?", "Are identifiers quoted with `quote_name`?"],
    weight: 0.5,
    pattern: String.raw`%%s|\bparams\s*[+=]|\+\s*params\b|\bValue\(|\bquote_name\(`,
    lines: "both",
    paths: ["**/db/**/*.py", "**/postgres/**/*.py", "**/gis/**/*.py", "**/sql/**/*.py"],
    exclude: TESTS,
  },
  {
    id: "permission-check",
    message: "Adds or removes a permission check.",
    checklist: ["Does every view or action that changes data check the permission for that exact object?"],
    weight: 0.5,
    pattern: String.raw`\bhas_\w{0,40}permission\(|\bhas_perms?\(|\bPermissionDenied\b|\buser_passes_test\(|\blogin_required\b`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "file-permissions",
    message: "Changes the permissions files or directories are created with.",
    checklist: ["Can other users of the machine read or replace the files?"],
    weight: 0.5,
    pattern: String.raw`\bumask\(|\bchmod\(|\b0o[0-7]{3}\b|\bmkstemp\(|\bmktemp\(`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "html-sink",
    message: "Adds or removes a place where script code writes HTML into the page (`innerHTML`, `document.write`).",
    checklist: ["Is the inserted text escaped, or can `textContent` be used instead?"],
    pattern: String.raw`\b(?:innerHTML|outerHTML|insertAdjacentHTML)\b|\bdocument\.write\(`,
    lines: "both",
    paths: ["**/*.js", "**/*.ts", "**/*.html", "**/*.py"],
    exclude: [...TESTS, "**/*.min.js", "**/vendor/**"],
  },
  {
    id: "template-escaping-changed",
    message: "Adds or removes an escaping filter in a template.",
    checklist: ["Is every variable in the template escaped for where it lands (HTML, attribute, script, URL)?"],
    weight: 0.5,
    pattern: String.raw`\|\s*(?:force_escape|escape|escapejs|urlencode|iriencode)\b|\{%\s*autoescape\b`,
    lines: "both",
    paths: ["**/templates/**"],
    exclude: TESTS,
  },
  {
    id: "secret-comparison",
    message: "Changes how secrets, tokens or hashes are compared; a plain `==` leaks through timing.",
    checklist: ["Are secrets compared with `constant_time_compare` / `hmac.compare_digest`?"],
    pattern: String.raw`\bconstant_time_compare\b|\bcompare_digest\b|\bsalted_hmac\b`,
    lines: "both",
    ...PYTHON_CODE,
  },
  // --- tests that show what a change defends against ---
  {
    id: "huge-input-test",
    message: "Adds a test that feeds a huge input, the usual proof of a denial-of-service fix.",
    checklist: ["Does the code under test now take bounded time and memory on this input?", "Is the input limit documented?"],
    pattern: String.raw`\*\s*(?:\d{4,}|10\s*\*\*\s*\d|\d{1,3}_\d{3})\b|\b\d{4,}\s*\*\s*["'(\[]`,
    paths: TESTS,
  },
  {
    id: "attack-test",
    message: "Adds a test named for an attack or feeding an attack-shaped input (injection, traversal, XSS payload, CRLF).",
    checklist: ["Which code does the test defend, and does that code now refuse the input in every case?"],
    weight: 0.5,
    pattern: String.raw`\bdef test_\w{0,60}(?:injection|escap|travers|xss|_dos\b|redos|catastroph|malicious|spoof|bypass|unsafe|evil|exhaust|too_many|too_long|huge|oversized|forbidden|crlf|newline)|<script|javascript:|\bonerror=|\.\./\.\.|%2[eE]%2[eE]|\\r\\n`,
    paths: TESTS,
  },
  {
    id: "suspicious-input-test",
    message: "Adds a test that expects suspicious input to be refused.",
    checklist: ["Does the test cover every way the input can arrive?"],
    pattern: String.raw`\b(?:Suspicious\w*|Disallowed(?:Host|Redirect)|TooMany\w+|RequestDataTooBig)\b`,
    paths: TESTS,
  },
  {
    id: "security-policy",
    message: "Changes the security policy that tells people how to report vulnerabilities.",
    checklist: ["Do the reporting address and the supported versions stay correct?"],
    paths: ["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md"],
  },
  // --- the pull request says it is about security ---
  {
    id: "security-keywords",
    message: "The title, description or labels speak of a vulnerability.",
    checklist: ["Does the description reveal details of an unpublished vulnerability? Move them to a private advisory."],
    // Not the bare word "security": it names the group itself (a membership request speaks of
    // "security experience") and would flag every such pull request.
    keywords: [
      "security fix",
      "security issue",
      "security bug",
      "security hole",
      "security patch",
      "vulnerability",
      "vulnerable",
      "CVE",
      "XSS",
      "CSRF",
      "SQL injection",
      "denial of service",
      "ReDoS",
      "directory traversal",
      "path traversal",
      "open redirect",
    ],
  },
];
