import { startHarness, type Harness } from "../../sim/harness.js";
import type { Issue } from "../../sim/world.js";

/**
 * What a changed module imports, read from its first lines at the head commit, is a supporting
 * signal: read only when something already points at the pull request and the patch gives the file
 * no role, at most five files, at most 8 KiB each, cached by blob sha.
 */
describe("end to end: a module's role from what it imports", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  /** A module under `utils/` (an exposed area of the Django preset) whose first line imports `hmac`. */
  const module = (body: string) => `import hmac\n\n\ndef slug(value):\n${body}\n`;
  /** The new line: a regular expression, a guard shape that is not enough on its own in an exposed area. */
  const TIGHTENED = "    value = re.sub(r'[^a-z0-9-]', '', value)\n    return value";
  const contentReads = (from: number, path: string) =>
    h.sim.log.slice(from).filter((e) => e.method === "GET" && e.route === "GET /repos/{owner}/{repo}/contents/{path}" && decodeURIComponent(e.path).includes(path));

  async function seed(files: Record<string, string>): Promise<void> {
    await h.act(() => h.sim.world.push(h.org.webapp, h.org.webapp.default_branch, files, "Add helpers"));
  }

  async function open(branch: string, changes: Record<string, string>): Promise<{ pr: Issue; from: number }> {
    const from = h.sim.log.length;
    const pr = await h.act(() => h.sim.world.openPull(h.org.webapp, h.org.frank, { title: "Tidy slugs", body: "", branch, changes }));
    return { pr, from };
  }

  const appComment = (pr: Issue) => pr.comments.find((c) => c.user.id === h.sim.bot.id)?.body ?? "";

  it("flags a guard added in a module that imports hmac, reading its head once; a redelivery reads nothing again", async () => {
    h = await startHarness();
    await seed({ "shop/utils/slugs.py": module("    return value") });
    const { pr, from } = await open("slugs", { "shop/utils/slugs.py": module(TIGHTENED) });

    expect(pr.labels).toContain("security-review");
    const body = appComment(pr);
    expect(body).toContain("security-import");
    expect(body).toContain("shop/utils/slugs.py:1");
    expect(body).toContain("(what the file imports, unchanged by the pull request)");
    const reads = contentReads(from, "shop/utils/slugs.py");
    expect(reads).toHaveLength(1);

    const again = h.sim.log.length;
    const opened = h.hooks.deliveries.find((d) => d.event === "pull_request" && d.action === "opened" && (d.payload.pull_request as { id: number }).id === pr.id);
    expect(opened).toBeDefined();
    if (opened) await h.act(() => h.hooks.redeliver(opened));
    expect(contentReads(again, "shop/utils/slugs.py")).toEqual([]);
    expect(h.sim.writes(again)).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });

  it("does not read any head when only locations point at the pull request (they cannot reach review without a content signal)", async () => {
    h = await startHarness();
    await seed({ "shop/utils/slugs.py": module("    return value") });
    const { pr, from } = await open("rename", { "shop/utils/slugs.py": module("    return value.strip()") });
    expect(pr.labels).not.toContain("security-review");
    expect(contentReads(from, "shop/utils/")).toEqual([]);
  });

  it("reads at most five heads per pull request, and a file too large to come inline or binary gives no role", async () => {
    h = await startHarness();
    // Sorted by name: the two unreadable files come first, then six plain modules (distinct contents,
    // so distinct blobs); only five are read.
    const huge = `import hmac\n${"# padding\n".repeat(120_000)}`;
    const binary = "import hmac\n\u0000\u0001PNG";
    const plain = Object.fromEntries(["c", "d", "e", "f", "g", "h"].map((n) => [`shop/utils/${n}.py`, `import json\n\nVALUE = "${n}"\n`]));
    await seed({ "shop/utils/a_huge.py": huge, "shop/utils/b_binary.py": binary, ...plain });
    const changes: Record<string, string> = {
      "shop/utils/a_huge.py": `${huge}x = re.sub(r'-+', '-', y)\n`,
      "shop/utils/b_binary.py": `${binary}\nx = 1\n`,
      ...Object.fromEntries(Object.entries(plain).map(([path, text]) => [path, `${text}VALUE = 2\n`])),
    };
    const { pr, from } = await open("many", changes);
    const reads = contentReads(from, "shop/utils/");
    expect(reads.map((e) => decodeURIComponent(e.path).replace(/\?.*$/, "").split("/").pop())).toEqual(["a_huge.py", "b_binary.py", "c.py", "d.py", "e.py"]);
    // `import hmac` sits in the first line of both unreadable files: had they given a role, the score would be reached.
    expect(pr.labels).not.toContain("security-review");
  });
});
