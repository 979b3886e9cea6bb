/**
 * The membership request template. The sections are defined once here: the check of a request's
 * description reads them, and `.github/PULL_REQUEST_TEMPLATE/membership.md` (the file groups copy)
 * must carry exactly these headings (a test holds the two together).
 */

export interface TemplateSection {
  heading: string;
  /** What to write, shown in the template as a hidden comment and in the fix for an empty answer. */
  hint: string;
  /** Sections answered by ticking a checkbox rather than with text. */
  checkbox?: string;
}

export const MEMBERSHIP_TEMPLATE_SECTIONS: readonly TemplateSection[] = [
  { heading: "Name", hint: "Your name as you would like it in the roster." },
  { heading: "GitHub handle", hint: "Your GitHub login, e.g. @octocat." },
  { heading: "Security experience", hint: "Security work you have done: reports, fixes, reviews, audits, talks." },
  { heading: "Motivation", hint: "Why you want to join the Security Working Group." },
  { heading: "Conflicts of interest", hint: "Employers, clients or affiliations that could conflict with embargoed work, or \"None\"." },
  {
    heading: "Responsible disclosure",
    hint: "Tick the box to agree.",
    checkbox: "I agree to keep vulnerability reports and advisories confidential until they are published, following the group's disclosure policy.",
  },
];

/** The template file's text, as shipped in `.github/PULL_REQUEST_TEMPLATE/membership.md`. */
export function renderMembershipTemplate(): string {
  const sections = MEMBERSHIP_TEMPLATE_SECTIONS.map((s) =>
    [`## ${s.heading}`, "", `<!-- ${s.hint} -->`, ...(s.checkbox ? ["", `- [ ] ${s.checkbox}`] : []), ""].join("\n"),
  );
  return [
    "<!--",
    "Membership request for the Security Working Group.",
    "In this pull request, add ONE entry for yourself at the end of the roster (MEMBERS.yml):",
    "",
    "  - login: your-login",
    "    name: Your Name",
    "    roles: [member]",
    "",
    "Leave out id, joined and term_ends: when the vote passes, secwg fills in your numeric",
    "GitHub user id (taken from your account as the author of this pull request) and the dates.",
    "Answer every section below; the members vote with 👍 / 👎 on the vote comment secwg posts.",
    "-->",
    "",
    ...sections,
  ].join("\n");
}

export interface TemplateProblem {
  heading: string;
  problem: string;
  fix: string;
}

/** `## Heading` sections of a pull request description, keyed by lower-cased heading. */
function splitSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (current !== null && !sections.has(current)) sections.set(current, lines.join("\n"));
  };
  for (const line of body.slice(0, MAX_BODY_CHARS).split(/\r?\n/)) {
    const heading = /^#{2,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      current = (heading[1] as string).toLowerCase();
      lines = [];
    } else if (current !== null) {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

/** Removes `<!-- … -->` comments in one pass (a lazy regex rescans the rest of the text at every unclosed `<!--`). */
function stripComments(text: string): string {
  let out = "";
  let at = 0;
  for (let open = text.indexOf("<!--"); open !== -1; open = text.indexOf("<!--", at)) {
    const close = text.indexOf("-->", open + 4);
    if (close === -1) break;
    out += text.slice(at, open);
    at = close + 3;
  }
  return (out + text.slice(at)).trim();
}

/** Descriptions are read up to GitHub's limit for a pull request body. */
const MAX_BODY_CHARS = 65_536;

/** Whether a description uses the template at all (at least half of its headings are present). */
export function usesMembershipTemplate(body: string | null | undefined): boolean {
  const sections = splitSections(body ?? "");
  const present = MEMBERSHIP_TEMPLATE_SECTIONS.filter((s) => sections.has(s.heading.toLowerCase())).length;
  return present * 2 >= MEMBERSHIP_TEMPLATE_SECTIONS.length;
}

/** Every template section must be present and answered; the disclosure box must be ticked. */
export function checkTemplateAnswers(body: string | null | undefined): TemplateProblem[] {
  const sections = splitSections(body ?? "");
  const problems: TemplateProblem[] = [];
  for (const section of MEMBERSHIP_TEMPLATE_SECTIONS) {
    const answer = sections.get(section.heading.toLowerCase());
    if (answer === undefined) {
      problems.push({
        heading: section.heading,
        problem: `the description has no "${section.heading}" section`,
        fix: `Edit the description and add a \`## ${section.heading}\` heading with your answer (${section.hint}). The template is in .github/PULL_REQUEST_TEMPLATE/membership.md.`,
      });
      continue;
    }
    const text = stripComments(answer);
    if (section.checkbox) {
      if (!/^\s*[-*]\s+\[[xX]\]/m.test(text)) {
        problems.push({
          heading: section.heading,
          problem: `the "${section.heading}" box is not ticked`,
          fix: `Edit the description and tick the box under "${section.heading}" (\`- [x]\`).`,
        });
      }
    } else if (text === "") {
      problems.push({
        heading: section.heading,
        problem: `the "${section.heading}" section is empty`,
        fix: `Edit the description and answer under "${section.heading}": ${section.hint}`,
      });
    }
  }
  return problems;
}
