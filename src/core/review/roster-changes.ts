/**
 * Pull requests that change nothing but the group's roster are governed by the membership check
 * and the vote, not by security review. Their descriptions are about the applicant's security work
 * (XSS, CSRF, disclosure), which keyword rules would flag, and a pending review gate would block
 * the merge that a passed vote makes when branch protection requires the check. Pure.
 */
export function changesOnlyTheRoster(input: {
  repo: { owner: string; repo: string };
  group: { owner: string; repo: string };
  rosterPath: string;
  files: readonly { filename: string; previous_filename?: string | undefined }[];
  filesCapped: boolean;
}): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(input.repo.owner, input.group.owner) || !same(input.repo.repo, input.group.repo)) return false;
  if (input.filesCapped || input.files.length === 0) return false;
  return input.files.every((f) => f.filename === input.rosterPath && (f.previous_filename === undefined || f.previous_filename === input.rosterPath));
}
