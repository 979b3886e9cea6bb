/**
 * The one way untrusted text (a roster login, a file name, a title, a reason someone typed) enters
 * a comment, check run or title secwg writes. The result renders on GitHub as the same characters,
 * as plain text on one line, and cannot:
 *
 * - open an HTML comment or tag, so it can never carry a hidden `<!-- secwg:… -->` marker or record
 *   (`<` and `>` become `&lt;`/`&gt;`; secwg's parsers read the raw body, where these never match);
 * - mention anyone: every `@` is followed by a ZERO WIDTH SPACE (U+200B). GitHub links `@name` only
 *   when the name follows the `@` directly, so `@\u200bname` shows as "@name" without linking or
 *   notifying (the same rule tools such as Renovate use with `@&#8203;`);
 * - form a code span, emphasis, link, image, table cell, heading or list: Markdown punctuation is
 *   backslash-escaped (CommonMark: any ASCII punctuation may be escaped and then renders literally);
 * - smuggle an entity: `&` becomes `&amp;`, so `&#64;` or `&lt;` typed by someone renders as typed;
 * - break the line: control characters and line breaks become spaces.
 *
 * Never put the result inside backticks (escapes do not work in code spans); it is made for running
 * text, link labels and table cells.
 * @see https://spec.commonmark.org/0.31.2/#backslash-escapes
 * @see https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#mentioning-people-and-teams
 */
export function escapeUntrusted(text: string, maxLength = 200): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const flat = Array.from(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")).slice(0, maxLength).join("");
  let out = "";
  for (const ch of flat) {
    if (ch === "&") out += "&amp;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === "@") out += "@\u200b";
    else if (MARKDOWN_PUNCTUATION.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** Inline Markdown: code spans, emphasis, links and images, table cells, strikethrough, references. */
const MARKDOWN_PUNCTUATION = new Set(["\\", "`", "*", "_", "[", "]", "(", ")", "!", "#", "|", "~"]);
