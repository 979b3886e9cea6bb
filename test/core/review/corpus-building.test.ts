import { corpusFiles, fixReferences, MAX_PATCH_CHARS, mentionsSecurity, seededSample } from "../../../src/core/review/corpus-building.js";

describe("building a corpus", () => {
  it("finds the fix commits and pull requests of this repository only, whatever the case of its name", () => {
    const refs = fixReferences(
      [
        "Fixed in https://github.com/Acme/Shop/commit/ABCDEF1234567 and https://github.com/acme/shop/pull/12.",
        "https://github.com/acme/shop/pull/12/commits/0123456789abcdef0123456789abcdef01234567",
        "https://github.com/acme/shop-docs/commit/1111111 https://github.com/evil/shop/pull/3 https://github.com/acme/shop/issues/9",
      ],
      "acme",
      "shop",
    );
    expect(refs).toEqual({ commits: ["abcdef1234567"], pulls: [12] });
  });

  it("recognises security talk in any inflection or abbreviation", () => {
    for (const text of ["Prevented SQL injections", "Fixed vulnerabilities in X", "Avoid ReDoS", "Fix DoS in parser", "Escape to prevent XSS", "CVE-2031-1 backport"]) {
      expect(mentionsSecurity(text)).toBe(true);
    }
    for (const text of ["Added a colour option", "Documented the dosage field", "Refactored the docstring"]) expect(mentionsSecurity(text)).toBe(false);
  });

  it("draws the same sample for the same seed, and another for another seed", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(seededSample(items, 10, 7)).toEqual(seededSample(items, 10, 7));
    expect(seededSample(items, 10, 7)).not.toEqual(seededSample(items, 10, 8));
    expect(new Set(seededSample(items, 10, 7)).size).toBe(10);
    expect(seededSample(items, 80, 7)).toHaveLength(50);
  });

  it("cuts long patches and marks them, keeps a missing patch missing", () => {
    const [long, binary] = corpusFiles([{ filename: "a.py", patch: "x".repeat(MAX_PATCH_CHARS + 5) }, { filename: "logo.png", additions: 0 }]);
    expect(long).toMatchObject({ filename: "a.py", status: "modified", patch_truncated: true });
    expect(long?.patch).toHaveLength(MAX_PATCH_CHARS);
    expect(binary).toEqual({ filename: "logo.png", status: "modified", additions: 0, deletions: 0 });
  });
});
