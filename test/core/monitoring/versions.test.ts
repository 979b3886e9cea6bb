import { inAnyRange, inRange, parseRange } from "../../../src/core/monitoring/versions.js";

describe("version ranges of GitHub's advisory database", () => {
  it.each([
    // pip: PEP 440 ordering, pre-, post- and dev-releases included
    ["pip", "4.2.16", ">= 4.0, < 4.2.17", "affected"],
    ["pip", "4.2.17", ">= 4.0, < 4.2.17", "not-affected"],
    ["pip", "3.2.25", ">= 4.0, < 4.2.17", "not-affected"],
    ["pip", "4.2.17rc1", ">= 4.0, < 4.2.17", "affected"],
    ["pip", "4.2.17.post1", "< 4.2.17", "not-affected"],
    ["pip", "4.2.16.post1", "< 4.2.17", "affected"],
    ["pip", "4.2.17.dev0", "< 4.2.17", "affected"],
    ["pip", "5.0a1", ">= 4.2, < 5.0", "affected"],
    ["pip", "5.0", ">= 4.2, < 5.0", "not-affected"],
    ["pip", "1!1.0", "< 2.0", "not-affected"],
    ["pip", "2.0.0", "= 2.0", "affected"],
    ["pip", "2.0.1", "<= 2.0.1", "affected"],
    ["pip", "2.0.1", "> 2.0.1", "not-affected"],
    // npm: SemVer ordering, pre-releases included
    ["npm", "1.2.3", "< 1.2.4", "affected"],
    ["npm", "1.2.4", "< 1.2.4", "not-affected"],
    ["npm", "1.2.4-beta.1", ">= 1.0.0, < 1.2.4", "affected"],
    ["npm", "2.0.0-rc.1", ">= 1.0.0, < 2.0.0", "affected"],
    ["npm", "0.9.9", ">= 1.0.0, < 2.0.0", "not-affected"],
    ["npm", "3.0.0", "= 3.0.0", "affected"],
    // other ecosystems and malformed input are not guessed
    ["maven", "1.0", "< 2.0", "unknown"],
    ["rubygems", "1.0.0", "< 2.0.0", "unknown"],
    ["pip", "not a version", "< 2.0", "unknown"],
    ["npm", "1.0.0", "~1.0.0", "unknown"],
    ["npm", "1.0.0", "", "unknown"],
  ])("%s %s in %j is %s", (ecosystem, version, range, expected) => {
    expect(inRange(ecosystem, version, range)).toBe(expected);
  });

  it("parses GitHub's comma-separated constraints", () => {
    expect(parseRange(">= 4.0, < 4.2.17")).toEqual([{ op: ">=", version: "4.0" }, { op: "<", version: "4.2.17" }]);
    expect(parseRange("<4.0 || >5")).toBeNull();
  });

  it("counts a version as affected when any of an advisory's ranges holds", () => {
    expect(inAnyRange("pip", "1.11.9", [">= 2.0.0, < 2.0.2", ">= 1.11.8, < 1.11.10"])).toBe("affected");
    expect(inAnyRange("pip", "1.11.10", [">= 2.0.0, < 2.0.2", ">= 1.11.8, < 1.11.10"])).toBe("not-affected");
    expect(inAnyRange("pip", "1.11.10", [">= 2.0.0, < 2.0.2", "garbage"])).toBe("unknown");
  });
});
