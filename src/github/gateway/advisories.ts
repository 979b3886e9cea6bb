import type { Advisory } from "../../core/reports/advisory.js";
import type { AdvisoryPatch } from "../../core/reports/command-plan.js";
import type { GlobalAdvisory } from "../../core/monitoring/advisory.js";
import type { RepoAlert } from "../../core/monitoring/alerts.js";
import type { Conditional, RepoRef } from "./refs.js";

/**
 * Security advisories: a repository's private reports and drafts (embargoed text: registered as
 * unloggable on read) and the reviewed global advisories monitoring follows.
 * @see https://docs.github.com/en/rest/security-advisories/repository-advisories
 * @see https://docs.github.com/en/rest/security-advisories/global-advisories
 */
export interface AdvisoryGateway {
  /** A repository security advisory; its private text is registered as unloggable on read. */
  getAdvisory(repo: RepoRef, ghsaId: string): Promise<Advisory>;
  /** Advisories of one repository in `state` (all pages). */
  listRepoAdvisories(repo: RepoRef, state: "triage" | "draft"): Promise<Advisory[]>;
  /** Advisories of every repository of an organization in `state` (all pages). */
  listOrgAdvisories(org: string, state: "triage" | "draft"): Promise<Advisory[]>;
  /** Sets the given fields (never summary or description); returns the advisory as GitHub now has it. */
  updateAdvisory(repo: RepoRef, ghsaId: string, patch: AdvisoryPatch & { collaborating_users?: string[] }): Promise<Advisory>;
  requestAdvisoryCve(repo: RepoRef, ghsaId: string): Promise<void>;
  /** Creates the temporary private fork; returns its web URL. */
  createAdvisoryFork(repo: RepoRef, ghsaId: string): Promise<{ html_url: string }>;
  /** Posts a comment on the advisory (public-preview API); `unavailable` when GitHub does not offer it. */
  createAdvisoryComment(repo: RepoRef, ghsaId: string, body: string): Promise<"created" | "unavailable">;
  /**
   * Reviewed global advisories (withdrawn included) affecting any of `affects` in `ecosystem`,
   * updated on or after `updatedSince`; conditional, so an unchanged feed costs no rate limit.
   */
  listGlobalAdvisories(query: { ecosystem: string; affects: string[]; updatedSince?: string }): Promise<Conditional<GlobalAdvisory[]>>;
  /**
   * A code security alert (Dependabot, code scanning, secret scanning) as GitHub has it now,
   * reduced to the same allow-list of fields as its webhook; null when GitHub does not show it
   * (gone, the feature turned off, or not readable by the app). A secret scanning alert is read
   * with `hide_secret`, so the secret never reaches secwg.
   */
  getRepoAlert(alert: Pick<RepoAlert, "kind" | "repo" | "number">): Promise<RepoAlert | null>;
}
