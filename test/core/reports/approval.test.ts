import fc from "fast-check";
import { contentHash, evaluateApprovals } from "../../../src/core/reports/approval.js";
import type { Advisory } from "../../../src/core/reports/advisory.js";

const CONTENT: Pick<Advisory, "summary" | "description" | "severity" | "cvssVector" | "vulnerabilities"> = {
  summary: "XSS in the admin",
  description: "Details",
  severity: "high",
  cvssVector: null,
  vulnerabilities: [{ ecosystem: "pip", name: "project", vulnerableVersionRange: "< 5.1.3", patchedVersions: "5.1.3" }],
};

describe("contentHash", () => {
  it("is stable for the same content and independent of the order of affected packages", () => {
    const two = {
      ...CONTENT,
      vulnerabilities: [...CONTENT.vulnerabilities, { ecosystem: "npm", name: "x", vulnerableVersionRange: "< 2", patchedVersions: "2" }],
    };
    expect(contentHash(two)).toBe(contentHash({ ...two, vulnerabilities: [...two.vulnerabilities].reverse() }));
    expect(contentHash(CONTENT)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["summary", { summary: "XSS in the admin site" }],
    ["description", { description: "More details" }],
    ["severity", { severity: "low" as const }],
    ["vulnerable versions", { vulnerabilities: [{ ...CONTENT.vulnerabilities[0]!, vulnerableVersionRange: "< 5.1.4" }] }],
    ["patched versions", { vulnerabilities: [{ ...CONTENT.vulnerabilities[0]!, patchedVersions: "5.1.4" }] }],
  ])("changes when the %s changes", (_field, change) => {
    expect(contentHash({ ...CONTENT, ...change })).not.toBe(contentHash(CONTENT));
  });

  it("never contains the advisory text", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), (summary) => {
        expect(contentHash({ ...CONTENT, summary })).not.toContain(summary);
      }),
    );
  });
});

describe("evaluateApprovals", () => {
  const h1 = contentHash(CONTENT);
  const h2 = contentHash({ ...CONTENT, description: "edited after sign-off" });

  it("is satisfied by one approval of the current content when one is required", () => {
    const status = evaluateApprovals([{ id: 1, login: "alice", hash: h1, at: "t" }], h1, 1);
    expect(status).toMatchObject({ satisfied: true, stale: [] });
  });

  it("stops counting an approval once the advisory is edited", () => {
    const status = evaluateApprovals([{ id: 1, login: "alice", hash: h1, at: "t" }], h2, 1);
    expect(status.satisfied).toBe(false);
    expect(status.stale.map((a) => a.login)).toEqual(["alice"]);
  });

  it("counts a signer who approved twice only once", () => {
    const approvals = [
      { id: 1, login: "alice", hash: h1, at: "t1" },
      { id: 1, login: "alice", hash: h1, at: "t2" },
    ];
    expect(evaluateApprovals(approvals, h1, 2).satisfied).toBe(false);
    expect(evaluateApprovals([...approvals, { id: 2, login: "bob", hash: h1, at: "t3" }], h1, 2).satisfied).toBe(true);
  });

  it("counts a re-approval of the edited content again", () => {
    const approvals = [
      { id: 1, login: "alice", hash: h1, at: "t1" },
      { id: 1, login: "alice", hash: h2, at: "t2" },
    ];
    expect(evaluateApprovals(approvals, h2, 1)).toMatchObject({ satisfied: true, stale: [] });
  });

  it("ignores approvals of people who are no longer signers", () => {
    expect(evaluateApprovals([{ id: 1, login: "alice", hash: h1, at: "t" }], h1, 1, () => false).satisfied).toBe(false);
  });
});
