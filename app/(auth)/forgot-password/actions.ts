"use server";

import { headers } from "next/headers";
import { publicAction } from "@/lib/actions";
import { clientAddress } from "@/lib/auth/client-address";
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from "@/lib/auth/server/password-reset";
import { mailSettings } from "@/lib/mail/server/settings";
import { requestResetSchema } from "@/lib/validation/password-reset";

/**
 * Asks for a reset link. The answer is the same whether the account exists, is deactivated or the
 * request was throttled, so the form tells nobody which addresses have accounts.
 */
export const requestPasswordResetAction = publicAction(requestResetSchema, async ({ email }, { db }) => {
  await requestPasswordReset(db, mailSettings(), { email, ip: clientAddress(await headers()) });
  return { status: "success", message: RESET_REQUESTED_MESSAGE, values: { email } };
});
