import { env } from "@/lib/env";

/**
 * The client address used for throttling. X-Forwarded-For is only believed behind a trusted
 * proxy (TRUST_PROXY=1); otherwise Next's own x-forwarded-for (set from the socket) is used when
 * it is the only hop.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const hops = forwarded.split(",").map((h) => h.trim()).filter(Boolean);
    const pick = env().TRUST_PROXY ? hops[0] : hops[hops.length - 1];
    if (pick && pick.length <= 64) return pick;
  }
  const real = headers.get("x-real-ip");
  if (real && env().TRUST_PROXY && real.length <= 64) return real;
  return "unknown";
}
