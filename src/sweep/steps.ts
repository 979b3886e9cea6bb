import { readOperationsSettings } from "../app/settings.js";
import { createRedeliverStep } from "./steps/redeliver.js";
import { votesStep } from "../features/votes/sweep.js";
import { reportsStep } from "../features/reports/sweep.js";
import { reviewStep } from "../features/review/sweep.js";
import { boardReportStep } from "./steps/board-report.js";
import { dashboardStep } from "./steps/dashboard.js";
import { auditStep } from "./steps/audit.js";
import { monitoringStep } from "../features/monitoring/sweep.js";
import { hygieneStep } from "../features/hygiene/sweep.js";
import { termsStep } from "../features/terms/sweep.js";
import { accessStep } from "../features/access/sweep.js";
import { electionsStep } from "../features/elections/sweep.js";
import { liaisonStep } from "../features/membership/liaison-sweep.js";
import { removalsStep } from "../features/removals/sweep.js";
import type { AnySweepStep } from "./types.js";

/**
 * Every step of the sweep, in the order they run. Features append their own step here; app-level
 * steps (`scope: "app"`) run once per sweep, the others once per installation.
 */
export const SWEEP_STEPS: AnySweepStep[] = [
  createRedeliverStep({ windowMs: () => readOperationsSettings().redeliveryWindowMs }),
  votesStep,
  reportsStep,
  reviewStep,
  boardReportStep,
  dashboardStep,
  auditStep,
  monitoringStep,
  hygieneStep,
  termsStep,
  accessStep,
  electionsStep,
  liaisonStep,
  removalsStep,
];
