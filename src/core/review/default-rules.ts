import type { RuleSpec } from "./rule-model.js";

/**
 * Built-in rules for Python web projects, in families drawn from a security taxonomy (CWE Top 25
 * and the OWASP ASVS chapters that apply to a web framework); docs/review-rules.md says what each
 * family looks for and why. Three kinds of evidence, each counted by weight:
 * - dangerous constructs, which fire on their own (weight 1);
 * - the role of the code changed, read from its content (the class or function a hunk is in, the
 *   modules it imports), which needs a second signal;
 * - the shapes security fixes take (guards added or removed, tests feeding attacks).
 * Which paths of a project are sensitive is a per-project preset (`review.preset`), not part of
 * these rules: `DJANGO_PRESET` is the example.
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
 * a quarter, and needs a second signal (a guard-shaped line, a huge-input test) to reach review.
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
    weight: 0.5,
    pattern: String.raw`\blen\([^)]{0,80}\)\s*[<>]=?|[<>]=?\s*len\(|MAX_[A-Z_]{0,40}(?:LENGTH|SIZE|NUMBER|DIGITS|FIELDS|FILES|BYTES|DEPTH|LEN|CHARS|NUM)\b|[<>]=?\s*(?:self\.)?max_(?:length|size|len|num\w{0,10}|depth|digits|bytes|fields|files|chars|forms)\b|\[:\s*[A-Za-z_.]{0,40}(?:max|MAX|limit|LIMIT)\w{0,20}\]`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "escaping-changed",
    message: "Adds or removes escaping or quoting of output (HTML, URLs, SQL identifiers, headers).",
    checklist: ["Is every value that reaches the output escaped for that output's syntax?", "Was escaping removed anywhere?"],
    weight: 0.5,
    pattern: String.raw`\b(?:\w{0,20}escape\w{0,20}|\w{0,20}saniti[sz]e\w{0,10}|format_html|json_script|quote|urlquote|urlencode|iri_to_uri)\(`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "regex-changed",
    message: "Adds or changes a regular expression in code that parses input; a careless one can backtrack for minutes on a crafted string (ReDoS) or accept too much.",
    checklist: ["Can the expression backtrack catastrophically on a long crafted input?", "Is it anchored (`\\A`/`\\Z`, no `$` before a newline)?"],
    weight: 0.5,
    pattern: String.raw`\bre\.(?:compile|match|search|fullmatch|sub|subn|split|findall|finditer)\(|_lazy_re_compile\(|\b\w{0,30}(?:regex|_re|_pattern)\s*=\s*r?["']|_re\.(?:match|search|fullmatch|sub|split|findall|finditer)\(`,
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
  // --- the role of the code changed, read from its content ---
  {
    id: "role-query-building",
    message: "Changes code that builds database queries (a compiler, lookup, expression or `as_sql`), where input can become SQL (injection).",
    checklist: ["Do values reach the SQL only as parameters?", "Can a user choose a column, alias, key or JSON path that is put into the SQL text?"],
    weight: 0.25,
    pattern: String.raw`\bclass \w{0,60}(?:Compiler|Lookup|Transform|Expression|Aggregate|Func|Query|WhereNode|Operations)\b|\bdef (?:as_(?:\w{0,12}sql|oracle)|compile|process_lhs|process_rhs|get_db_prep\w{0,20}|quote_name\w{0,10}|get_group_by|get_order_by|add_filter|build_filter|resolve_expression|names_to_path|setup_joins)\(`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "role-request-handling",
    message: "Changes code that handles requests and responses (middleware, request/response classes, handlers, views), which sees attacker-chosen headers, cookies, URLs and bodies.",
    checklist: ["Is every header, cookie and URL value validated before use?", "Can the change let a request skip a check (host, CSRF, authentication)?"],
    weight: 0.25,
    pattern: String.raw`\bclass \w{0,60}(?:Middleware|Request|Response|Handler|Redirect\w{0,20})\b|\bdef (?:process_request|process_response|process_view|get_host|build_absolute_uri|get_full_path\w{0,10}|set_cookie|set_signed_cookie|get_signed_cookie|serve|dispatch|redirect_to_login|url_has_allowed_host_and_scheme|is_safe_url)\(`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "role-untrusted-parser",
    message: "Changes a parser or deserializer of an untrusted format (multipart bodies, headers, XML, JSON, archives, cookies), the classic home of injection and resource-exhaustion bugs.",
    checklist: ["Does any input take bounded time and memory (sizes, counts, nesting, backtracking)?", "Are external entities, absolute names and `..` refused?"],
    weight: 0.25,
    pattern: String.raw`\bclass \w{0,60}(?:Parser|Deserializer|Decoder|Lexer|Tokenizer|Extractor|Archive|Unpickler)\b|\bdef (?:parse\w{0,30}|decode\w{0,20}|deserialize\w{0,10}|unquote\w{0,10}|extract\w{0,10}|urlsafe_base64_decode|loads?)\(`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "role-output-encoding",
    message: "Changes code that turns text into HTML or other output (escaping, linkifying, truncating, formatting, template filters), where unescaped input becomes XSS.",
    checklist: ["Is every piece of input escaped for the output's syntax?", "Does the function take linear time on long or nested input?"],
    weight: 0.5,
    pattern: String.raw`\bdef (?:escape\w{0,20}|\w{0,20}(?:urlize|linkify|sanitiz)\w{0,10}|format_html\w{0,10}|strip_tags|linebreaks\w{0,5}|truncate\w{0,20}|chars|words|slugify|wordwrap|capfirst|json_script|render\w{0,20}|\w{0,20}filter|html\w{0,20})\(|\bclass \w{0,60}(?:Truncator|Widget|SafeData|Template|Node)\b`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "role-authentication",
    message: "Changes code that authenticates users, hashes passwords, signs data or keeps sessions, where a slip lets someone act as another user.",
    checklist: ["Are secrets compared in constant time and never logged?", "Can a session, token or signature outlive or escape its purpose?"],
    weight: 0.5,
    pattern: String.raw`\bclass \w{0,60}(?:Backend|Hasher|TokenGenerator|Signer|Session\w{0,20}|SessionStore|PasswordResetForm|AuthenticationForm|Cache|Permission\w{0,20})\b|\bdef (?:authenticate|login|logout|check_password|set_password|make_password|verify|encode|make_token|check_token|sign|unsign|get_user|has_\w{0,20}perm\w{0,5}|get_session_auth_hash|cycle_key|flush|get_or_create_session\w{0,10})\(`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "role-file-handling",
    message: "Changes code that stores, names or serves files, where a crafted name can escape the intended directory or overwrite another file.",
    checklist: ["Can a user-supplied name contain `..`, an absolute path or a drive letter?", "Are created files private to the process?"],
    weight: 0.25,
    pattern: String.raw`\bclass \w{0,60}(?:Storage|Upload\w{0,20}|File\w{0,20}Handler|Finder)\b|\bdef (?:get_available_name|get_valid_name|get_valid_filename|generate_filename|safe_join|file_move_safe|path|save|_save|serve|get_alternative_name)\(`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "role-input-validation",
    message: "Changes a validator or a form field's cleaning, the code that decides which input is accepted.",
    checklist: ["Does the check accept only what it should (anchors, trailing newlines, Unicode look-alikes)?", "Is it applied on every way in?"],
    weight: 0.25,
    pattern: String.raw`\bclass \w{0,60}Validator\b|\bdef (?:validate\w{0,30}|clean\w{0,30}|to_python|is_valid\w{0,20})\(`,
    lines: "context",
    supporting: true,
    ...PYTHON_CODE,
  },
  {
    id: "security-import",
    message: "Imports a module used for a security control (cryptography, secure randomness, safe XML parsing, address validation) or for a dangerous operation.",
    checklist: ["Is the imported function used for what it promises (constant-time compare, secure random, no external entities)?"],
    weight: 0.25,
    pattern: String.raw`^\s*(?:from|import)\s+(?:hmac|secrets|hashlib|ipaddress|defusedxml|ssl|crypt|pickle|marshal|subprocess|shlex|tarfile|zipfile|xml\.\w{1,20}|\w{1,40}\.(?:crypto|signing|html|http|encoding|safestring|validators))\b`,
    lines: "both",
    supporting: true,
    ...PYTHON_CODE,
  },
  // --- more guard shapes ---
  {
    id: "allow-list-check",
    message: "Adds a membership or type check on a value (an allow-list, `isinstance`), the shape of a guard that keeps unexpected input out of a query, a shell or a template.",
    checklist: ["Is the check made before the value is used, and does a failed check refuse rather than fall through?"],
    weight: 0.25,
    pattern: String.raw`\bif\s+[\w.]{1,60}\s+not\s+in\s|\bif\s+[\w.]{1,60}\(\)\s+not\s+in\s|\bif\s+not\s+isinstance\(|\bif\s+not\s+[\w.]{1,60}\.(?:isidentifier|isalnum|isdigit|isascii|startswith|endswith)\(`,
    ...PYTHON_CODE,
  },
  {
    id: "character-block-list",
    message: "Adds a check for dangerous characters (newlines, NUL, quotes, angle brackets, path separators), the guard against header, SQL and path injection.",
    checklist: ["Is the list complete for the syntax the value lands in (CR and LF, both slashes, NUL)?", "Would an allow-list be safer?"],
    weight: 0.5,
    pattern: String.raw`["'](?:\\[rn0]|\\x00|\\u0000|[<>'"&;|%/]|\.\.)[^"']{0,10}["']\s+(?:not\s)?\s*in\b|\bany\(\s*\w{1,20}\s+in\s+\w{1,40}\s+for\b|\bcontains_\w{0,20}(?:char|newline)|FORBIDDEN_\w{0,30}|\bforbidden_\w{0,30}`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "normalisation",
    message: "Changes how names, keys or text are normalised (case folding, Unicode normalisation, stripping, separators) before a comparison, where two spellings of one value can slip past a check.",
    checklist: ["Is the value normalised the same way where it is checked and where it is used?", "Do Unicode look-alikes or case variants still compare equal where they must?"],
    weight: 0.25,
    pattern: String.raw`\bunicodedata\.normalize\(|\.casefold\(\)|\bnormalize\(\s*["']NFK?[CD]|\.(?:lower|upper)\(\)\s*(?:==|!=|in\b)|\.(?:strip|rstrip|lstrip)\(\s*["'][^"']{0,20}["']\s*\)\s*(?:==|!=|in\b)`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "crypto-randomness",
    message: "Changes cryptography or randomness (hash functions, key derivation, salts, random tokens), where a weak choice makes secrets guessable.",
    checklist: ["Are tokens and salts drawn from a secure source (`secrets`, `os.urandom`, `get_random_string`)?", "Are hashes and key derivation strong enough for their use?"],
    weight: 0.5,
    pattern: String.raw`\b(?:get_random_string|token_bytes|token_hex|token_urlsafe|urandom|SystemRandom|pbkdf2\w{0,10}|scrypt|bcrypt|argon2|salted_hmac|hashlib\.\w{1,10}|md5|sha1)\(|\brandom\.(?:random|randint|choice|choices|randrange|getrandbits)\(|\bsalt_entropy\b`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "http-semantics",
    message: "Changes security-relevant HTTP behaviour: host validation, redirects, cookies and their flags, security headers, caching or proxy headers.",
    checklist: ["Can an attacker-chosen Host, Location or forwarded header reach a link, a redirect or a cache key?", "Do cookies keep `Secure`, `HttpOnly` and `SameSite`?"],
    weight: 0.5,
    pattern: String.raw`\b(?:get_host|is_secure|url_has_allowed_host_and_scheme|is_safe_url|validate_host|HttpResponse(?:Permanent)?Redirect|redirect|patch_\w{1,6}_\w{1,8}|set_cookie)\(|\b(?:ALLOWED_HOSTS|USE_X_FORWARDED_\w{1,10}|SECURE_[A-Z_]{2,40}|(?:SESSION|CSRF)_COOKIE_[A-Z_]{2,20}|CSRF_TRUSTED_ORIGINS|HTTP_HOST|HTTP_X_FORWARDED_[A-Z_]{1,10})\b|["'](?:Strict-Transport|Content-Security|X-Frame|X-Content-Type|Referrer-Policy|Cross-Origin|Set-Cookie|Location|Vary)|\b(?:httponly|samesite)\s*=`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "secrets-in-logs",
    message: "Changes what is hidden from error reports and logs (sensitive variables, cleansed settings), where a slip leaks passwords, keys or tokens.",
    checklist: ["Are passwords, tokens, keys and session ids still masked in tracebacks, logs and debug pages?"],
    weight: 0.5,
    pattern: String.raw`\bsensitive_(?:variables|post_parameters)\b|\bcleanse_\w{1,20}|\bHIDDEN_SETTINGS\b|\bcleansed_substitute\b|\b(?:logger|logging|log)\.\w{1,10}\([^)]{0,120}\b(?:password|passwd|secret|token|api_key|private_key)`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "unsafe-format-parsing",
    message: "Changes how an untrusted structured format is parsed (XML entities and DTDs, JSON, literal evaluation, archives), where a crafted document reads files or exhausts memory.",
    checklist: ["Are DTDs and external entities refused?", "Are nesting depth, member counts and expanded sizes bounded?"],
    weight: 0.5,
    pattern: String.raw`\b(?:defusedxml|resolve_entities|forbid_dtd|forbid_entities|DTDForbidden|EntitiesForbidden|ExternalReferenceForbidden|expat|minidom|literal_eval|tarfile\.open|ZipFile)\b|\bjson\.loads?\(`,
    lines: "both",
    ...PYTHON_CODE,
  },
  {
    id: "security-vocabulary",
    message: "Adds comments, names or strings that speak of an attack or an untrusted input (injection, traversal, DoS, XSS, spoofing …).",
    checklist: ["Which input does the code defend against, and is it refused on every path?"],
    weight: 0.5,
    pattern: String.raw`(?:[Vv]ulnerab|[Ee]xploit|[Mm]alicious|[Aa]ttacker|[Uu]ntrusted|[Ss]poof|[Ii]nject(?:ion|ed|ing|s)|[Tt]ravers(?:al|e|ing)|[Dd]enial[- _]of[- _]service|[Cc]atastrophic\w{0,5} backtrack|[Tt]iming attack|[Bb]rute[- _]?forc|[Cc]lickjack|[Ss]muggl|[Pp]oison|[Tt]ampered|[Oo]pen[- _]redirect)\w{0,10}|\bCVE-\d{4}-\d{4,}|\b(?:DoS|DDoS|ReDoS|XSS|CSRF|SSRF|XXE|RCE|CRLF)\b`,
    paths: PYTHON,
    exclude: ["**/locale/**"],
  },
  // --- tests that show what a change defends against ---
  {
    id: "huge-input-test",
    message: "Adds a test that feeds a huge input, the usual proof of a denial-of-service fix.",
    checklist: ["Does the code under test now take bounded time and memory on this input?", "Is the input limit documented?"],
    pattern: String.raw`\*\s*(?:\d{4,}|10\s*\*\*\s*\d|\d{1,3}_\d{3})\b|\*\s*sys\.getrecursionlimit\(|\b\d{4,}\s*\*\s*["'(\[]`,
    paths: TESTS,
  },
  {
    id: "attack-test",
    message: "Adds a test named for an attack or feeding an attack-shaped input (injection, traversal, XSS payload, CRLF).",
    checklist: ["Which code does the test defend, and does that code now refuse the input in every case?"],
    weight: 0.75,
    pattern: String.raw`\bdef test_\w{0,60}(?:injection|escap|travers|xss|_dos\b|redos|catastroph|malicious|spoof|bypass|unsafe|evil|exhaust|too_many|too_long|huge|oversized|forbidden|crlf|newline)|<script|javascript:|\bonerror=|\.\./\.\.|%2[eE]%2[eE]|\b(?:evil|attacker)\.(?:com|org|net|example)\b|\\r\\n|\b(?:malicious|evil|attacker|payload|exploit|crafted|hostile|spoofed|forged)\w{0,10}\s*=`,
    paths: TESTS,
  },
  {
    id: "bounded-time-test",
    message: "Adds a test that bounds how long or how much the code may take, the usual proof of a fix for slow input (ReDoS, quadratic parsing).",
    checklist: ["Does the bound hold for the worst input, not only the one in the test?"],
    weight: 0.25,
    pattern: String.raw`\bassert\w{0,10}Less\w{0,10}\([^)]{0,80}(?:time|elapsed|duration|delta)|\b(?:elapsed|duration)\s*=\s*time\.|\btime\.(?:perf_counter|monotonic)\(\)`,
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

/**
 * The `django` preset: where Django keeps the modules that enforce a control or parse untrusted
 * input. A project with another layout writes its own `paths`/`rules` (see docs/review-rules.md).
 */
export const DJANGO_PRESET: readonly RuleSpec[] = [
  {
    id: "sensitive-area",
    message: "Changes code that enforces a security control or parses untrusted input (HTML, URLs, headers, uploads, file names, sessions, signing, passwords).",
    weight: 0.75,
    checklist: [
      "Could the change let someone act as another user, keep a session longer, or skip a check?",
      "Does input of any length and content still take bounded time and memory?",
      "Are secrets compared in constant time and never logged?",
    ],
    supporting: true,
    paths: GUARD_MODULES,
    // Set-up code around a control (migrations, management commands, system checks, templates) is not the control.
    exclude: [...TESTS, ...DOCS, ...NOT_CODE, "**/migrations/**", "**/management/**", "**/templates/**", "**/checks.py"],
  },
  {
    id: "exposed-area",
    message: "Changes code in an area that handles requests, URLs, templates, forms, the admin or SQL generation.",
    checklist: ["Does the change handle input from a request, a URL, a form or a query parameter? Is it validated and escaped?"],
    weight: 0.25,
    supporting: true,
    paths: EXPOSED_AREAS,
    exclude: [...TESTS, ...DOCS, ...GUARD_MODULES, ...NOT_CODE],
  },
  {
    id: "tightened-condition",
    message: "Adds a compound condition (`and`/`or`) to a branch in code that enforces a control or handles requests, the shape of a check tightened for a case it let through.",
    checklist: ["Which input did the old condition let through, and is that input refused on every other path?"],
    weight: 0.25,
    pattern: String.raw`\b(?:el)?if\s[^#\n]{0,200}\s(?:and|or)\s`,
    paths: [...GUARD_MODULES, ...EXPOSED_AREAS],
    exclude: [...TESTS, ...DOCS, ...NOT_CODE, "**/migrations/**", "**/management/**", "**/templates/**"],
  },
];

/** Path presets by name (`review.preset`). */
export const PRESETS: Readonly<Record<string, readonly RuleSpec[]>> = { django: DJANGO_PRESET, none: [] };
