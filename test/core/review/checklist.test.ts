import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import {
  blobUrl,
  carryTicks,
  checklistMarker,
  EMPTY_RECORD,
  parseRecord,
  readRecord,
  failClosedRecord,
  forcedBySecwg,
  renderChecklist,
  renderRecord,
  type ChecklistInput,
  type ReviewRecord,
} from "../../../src/core/review/checklist.js";
import { parseMarkers } from "../../../src/core/marker.js";

const KEY = "test-secret";
const TARGET = "Codertocat/Hello-World#2";
const HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const GOLDEN = new URL("./golden/checklist.md", import.meta.url);

function input(overrides: Partial<ChecklistInput> = {}): ChecklistInput {
  return {
    repoUrl: "https://github.com/Codertocat/Hello-World",
    target: TARGET,
    prNumber: 2,
    headSha: HEAD,
    baseSha: BASE,
    needsReview: true,
    fired: [
      {
        id: "django-csrf-exempt",
        message: "Switches off CSRF protection for a view.",
        checklist: ["Is the view safe to call cross-site?", "Does it change state on GET?"],
        hits: [
          { file: "app/views.py", line: 12, where: "added" },
          { file: "app/old views.py", line: 3, where: "removed" },
        ],
      },
      {
        id: "sensitive-paths",
        message: "Changes authentication code.",
        checklist: [],
        hits: [
          { file: "app/auth/backend.py", where: "path" },
          { file: "app/auth/huge.py", where: "missing-patch" },
          { where: "metadata" },
        ],
      },
    ],
    requestedBy: null,
    reviewers: ["alice"],
    draft: false,
    skip: null,
    record: { v: 1, labelAdded: true, forced: null, skip: null },
    signingKey: KEY,
    ...overrides,
  };
}

describe("renderChecklist", () => {
  it("renders the checklist comment exactly as the golden file", () => {
    const body = renderChecklist(input());
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(new URL("./golden/", import.meta.url), { recursive: true });
      writeFileSync(GOLDEN, body);
    }
    expect(body).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("starts with the checklist marker for the pull request", () => {
    const body = renderChecklist(input());
    expect(body.split("\n")[0]).toBe(checklistMarker(2));
    expect(parseMarkers(body)).toEqual([{ kind: "review-checklist", key: "2" }]);
  });

  it("says in plain words when a rule fired on the class or function a change is in, without echoing its text", () => {
    const body = renderChecklist(
      input({
        fired: [
          {
            id: "role-authentication",
            message: "Changes code that authenticates users.",
            checklist: [],
            hits: [{ file: "app/tokens.py", line: 40, where: "context" }],
          },
        ],
      }),
    );
    expect(body).toContain(`[app/tokens.py:40](https://github.com/Codertocat/Hello-World/blob/${HEAD}/app/tokens.py#L40) (the class or function the change is in)`);
    expect(body).toContain("Changes code that authenticates users.");
  });

  it("links added lines to the head commit and removed lines to the base commit", () => {
    const body = renderChecklist(input());
    expect(body).toContain(`[app/views.py:12](https://github.com/Codertocat/Hello-World/blob/${HEAD}/app/views.py#L12)`);
    expect(body).toContain(`(https://github.com/Codertocat/Hello-World/blob/${BASE}/app/old%20views.py#L3) (removed line)`);
  });

  it("says in plain words that an import line from a file's head is unchanged by the pull request, linked at the head commit", () => {
    const hits = [{ file: "shop/utils/slugs.py", line: 2, where: "head" as const }];
    const body = renderChecklist(input({ fired: [{ id: "security-import", message: "Imports a module used for a security control.", checklist: [], hits }] }));
    expect(body).toContain(`[shop/utils/slugs.py:2](https://github.com/Codertocat/Hello-World/blob/${HEAD}/shop/utils/slugs.py#L2) (what the file imports, unchanged by the pull request)`);
  });

  it("lists at most ten places per rule and says how many more there are", () => {
    const hits = Array.from({ length: 13 }, (_, i) => ({ file: "a.py", line: i + 1, where: "added" as const }));
    const body = renderChecklist(input({ fired: [{ id: "r", message: "m", checklist: [], hits }] }));
    expect(body.match(/a\.py:\d+/g)).toHaveLength(10);
    expect(body).toContain("- … and 3 more");
  });

  it("says no review is needed any more once no rule fires, keeping the record", () => {
    const body = renderChecklist(input({ needsReview: false, fired: [] }));
    expect(body).toContain("no security review rule fires on this pull request any more");
    expect(parseRecord(body, KEY, TARGET)).toEqual({ v: 1, labelAdded: true, forced: null, skip: null });
  });

  it("shows a skip of the head commit with its reason", () => {
    const skip = { sha: HEAD, by: 7, login: "carol", reason: "typo fix only", at: "2026-11-25T10:00:00Z" };
    expect(renderChecklist(input({ skip }))).toContain("Review of `ec26c3e` was skipped by carol: typo fix only");
  });

  it("tells a draft's author that reviewers come later", () => {
    expect(renderChecklist(input({ draft: true, reviewers: [] }))).toContain("reviewers are asked once it is marked ready for review");
  });

  it("is identical for identical input", () => {
    expect(renderChecklist(input())).toBe(renderChecklist(input()));
  });
});

describe("review record", () => {
  const record: ReviewRecord = {
    v: 1,
    labelAdded: true,
    forced: { by: 1, login: "a", at: "2026-11-25T10:00:00Z" },
    skip: { sha: HEAD, by: 2, login: "b", reason: "x --> y <!-- z", at: "2026-11-25T10:00:00Z" },
  };

  it("round-trips through a comment body", () => {
    expect(parseRecord(`hello\n${renderRecord(record, KEY, TARGET)}\n`, KEY, TARGET)).toEqual(record);
  });

  it("ignores a record copied from another pull request's thread", () => {
    expect(parseRecord(renderRecord(record, KEY, "Codertocat/Hello-World#3"), KEY, TARGET)).toEqual(EMPTY_RECORD);
    expect(parseRecord(renderRecord(record, KEY, "Codertocat/Other#2"), KEY, TARGET)).toEqual(EMPTY_RECORD);
  });

  it("trusts no record when a comment holds two (one was smuggled in)", () => {
    const line = renderRecord(record, KEY, TARGET);
    expect(parseRecord(`${renderRecord(EMPTY_RECORD, KEY, TARGET)}\n${line}`, KEY, TARGET)).toEqual(EMPTY_RECORD);
  });

  it("never lets a file name carry a record or a mention into the checklist", () => {
    const smuggled = `x${renderRecord(EMPTY_RECORD, KEY, TARGET)}@octocat.py`;
    const body = renderChecklist(input({ fired: [{ id: "r", message: "m", checklist: [], hits: [{ file: smuggled, where: "path" }] }] }));
    expect(body.match(/<!-- secwg-review-record/g)).toHaveLength(1);
    expect(body).not.toMatch(/@octocat/);
    expect(parseRecord(body, KEY, TARGET)).toEqual(input().record);
  });

  it("ignores a record signed with another key", () => {
    expect(parseRecord(renderRecord(record, "other-key", TARGET), KEY, TARGET)).toEqual(EMPTY_RECORD);
  });

  it("ignores a record whose content was edited", () => {
    const forged = renderRecord(record, KEY, TARGET).replace(/record:([A-Za-z0-9_-]+)\./, (_, p: string) => `record:${p.slice(0, -2)}AA.`);
    expect(parseRecord(forged, KEY, TARGET)).toEqual(EMPTY_RECORD);
  });

  it("reads a body without a record as the empty record", () => {
    expect(parseRecord("no record here", KEY, TARGET)).toEqual(EMPTY_RECORD);
    expect(parseRecord(null, KEY, TARGET)).toEqual(EMPTY_RECORD);
  });

  it("round-trips any skip reason without breaking out of the hidden comment", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (reason) => {
        const r: ReviewRecord = { ...record, skip: { ...record.skip!, reason } };
        const line = renderRecord(r, KEY, TARGET);
        expect(line.indexOf("-->")).toBe(line.length - 3);
        expect(parseRecord(line, KEY, TARGET)).toEqual(r);
      }),
    );
  });
});

describe("carryTicks", () => {
  it("keeps a box a reviewer ticked under the same rule", () => {
    const before = renderChecklist(input()).replace("- [ ] Does it change state on GET?", "- [x] Does it change state on GET?");
    const after = carryTicks(before, renderChecklist(input()));
    expect(after).toBe(before);
  });

  it("does not tick the same item under a different rule", () => {
    const previous = "#### `a`\n- [x] Same item";
    expect(carryTicks(previous, "#### `b`\n- [ ] Same item")).toBe("#### `b`\n- [ ] Same item");
  });
});

describe("blobUrl", () => {
  it("encodes each path segment but keeps the slashes", () => {
    expect(blobUrl("https://github.com/o/r/", "abc", "dir with space/a#b.py")).toBe("https://github.com/o/r/blob/abc/dir%20with%20space/a%23b.py");
  });
});

describe("readRecord: a broken record fails closed", () => {
  const record = { v: 1 as const, labelAdded: true, forced: { by: 7, login: "bob", at: "2026-01-01T00:00:00Z" }, skip: null };
  it("tells a missing comment from a comment whose record is removed, doubled, forged or transplanted", () => {
    expect(readRecord(null, KEY, TARGET)).toEqual({ kind: "missing" });
    expect(readRecord(renderRecord(record, KEY, TARGET), KEY, TARGET)).toEqual({ kind: "ok", record });
    expect(readRecord("checklist without its record", KEY, TARGET)).toEqual({ kind: "untrusted", reason: "removed" });
    expect(readRecord(`${renderRecord(record, KEY, TARGET)}\n${renderRecord(record, KEY, TARGET)}`, KEY, TARGET)).toEqual({ kind: "untrusted", reason: "several" });
    expect(readRecord(renderRecord(record, KEY, "Codertocat/Hello-World#3"), KEY, TARGET)).toEqual({ kind: "untrusted", reason: "forged" });
  });
  it("replaces an untrusted record by one that needs a fresh decision: review forced by secwg, no waiver", () => {
    const closed = failClosedRecord("2026-01-02T00:00:00Z");
    expect(closed).toMatchObject({ forced: { by: 0 }, skip: null, labelAdded: false });
    expect(forcedBySecwg(closed)).toBe(true);
    expect(forcedBySecwg(record)).toBe(false);
  });
});
