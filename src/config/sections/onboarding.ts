import { z } from "zod";
import { intBetween } from "../fields.js";

export const OnboardingConfig = z
  .strictObject({
    months: intBetween(0, 36)
      .default(6)
      .describe(
        "Months a member is onboarding from their roster `joined` date; tracker access can be granted (`/grant-access`) from the same day of the month this many months later.",
      ),
  })
  .prefault({});
export type OnboardingConfig = z.infer<typeof OnboardingConfig>;
