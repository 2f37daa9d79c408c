/** The one answer for an unknown email, a wrong password or a deactivated account. */
export const GENERIC_SIGN_IN_ERROR = "That email and password do not match an account. Check both and try again.";
export const THROTTLED_SIGN_IN_ERROR =
  "Too many failed sign-ins for this account or network. Wait 15 minutes, then try again.";
