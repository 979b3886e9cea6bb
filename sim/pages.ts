/**
 * Plain HTML pages for the simulator's `html_url`s, so a demo user can click a link in the
 * narration and see what the app did: repositories, issues and pull requests with their comments,
 * labels, reviews and check runs.
 */
import type { Shapes } from "./shapes.js";
import type { Repo, World } from "./world.js";

export interface Page {
  status: number;
  type: string;
  body: string;
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);

function layout(title: string, body: string): Page {
  return {
    status: 200,
    type: "text/html; charset=utf-8",
    body: `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><style>body{font:14px system-ui;max-width:60em;margin:2em auto}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5em}.label{background:#ddf;border-radius:1em;padding:0 .5em;margin-right:.3em}</style><p><a href="/">local GitHub simulator</a></p><h1>${escape(title)}</h1>${body}`,
  };
}

export function renderPage(world: World, _shapes: Shapes, pathname: string): Page {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) {
    const items = world.repos.map((r) => `<li><a href="/${r.owner.login}/${r.name}">${r.owner.login}/${r.name}</a> ${r.private ? "(private)" : ""}</li>`).join("");
    return layout("Repositories", `<ul>${items}</ul>`);
  }
  const repo = world.repo(parts[0] ?? "", parts[1] ?? "");
  if (!repo) return { status: 404, type: "text/plain", body: "Not Found" };
  if (parts.length === 2) return repoPage(world, repo);
  const number = Number(parts[3]);
  const issue = world.issue(repo, number);
  if ((parts[2] === "issues" || parts[2] === "pull") && issue) {
    const labels = issue.labels.map((l) => `<span class="label">${escape(l)}</span>`).join("");
    const comments = issue.comments.map((c) => `<h3 id="issuecomment-${c.id}">${escape(c.user.login)} · ${c.created_at}${c.reactions.length ? ` · ${c.reactions.map((r) => `${r.content} ${escape(r.user.login)}`).join(", ")}` : ""}</h3><pre>${escape(c.body)}</pre>`).join("");
    const pull = issue.pull;
    const extra = pull
      ? `<p>head <code>${pull.head.sha.slice(0, 7)}</code> · ${pull.merged ? "merged" : issue.state} · reviewers requested: ${pull.requested_reviewers.map((u) => escape(u.login)).join(", ") || "none"}</p>` +
        `<h2>Reviews</h2><ul>${pull.reviews.map((r) => `<li>${escape(r.user.login)}: ${r.state} on ${r.commit_id.slice(0, 7)}</li>`).join("")}</ul>` +
        `<h2>Checks</h2><ul>${repo.checkRuns.filter((r) => r.head_sha === pull.head.sha).map((r) => `<li>${escape(r.name)}: ${r.status} ${r.conclusion ?? ""} — ${escape(r.output.title ?? "")}<pre>${escape(r.output.summary ?? "")}</pre></li>`).join("")}</ul>`
      : "";
    return layout(`${repo.owner.login}/${repo.name}#${issue.number}: ${issue.title}`, `<p>${labels}</p><pre>${escape(issue.body)}</pre>${extra}<h2>Comments</h2>${comments}`);
  }
  if (parts[2] === "security" && parts[4]) {
    const advisory = world.advisory(repo, parts[4]);
    if (advisory) return layout(`${advisory.ghsa_id} (${advisory.state})`, `<p>severity ${advisory.severity ?? "unset"}</p><pre>${escape(advisory.summary)}\n\n${escape(advisory.description)}</pre>`);
  }
  return { status: 404, type: "text/plain", body: "Not Found" };
}

function repoPage(world: World, repo: Repo): Page {
  const files = [...(world.filesAt(repo)?.keys() ?? [])].map((f) => `<li><code>${escape(f)}</code></li>`).join("");
  const issues = repo.issues
    .map((i) => `<li><a href="/${repo.owner.login}/${repo.name}/${i.pull ? "pull" : "issues"}/${i.number}">#${i.number} ${escape(i.title)}</a> (${i.pull ? "pull request, " : ""}${i.state})</li>`)
    .join("");
  const advisories = repo.advisories.map((a) => `<li><a href="/${repo.owner.login}/${repo.name}/security/advisories/${a.ghsa_id}">${a.ghsa_id}</a> ${a.state}</li>`).join("");
  return layout(`${repo.owner.login}/${repo.name}`, `<h2>Issues and pull requests</h2><ul>${issues}</ul><h2>Advisories</h2><ul>${advisories}</ul><h2>Files on ${repo.default_branch}</h2><ul>${files}</ul>`);
}
