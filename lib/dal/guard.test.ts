import { describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "./session";

// next.config.ts turns on authInterrupts (forbidden()); the build inlines this flag.
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

// The guard reads the user through the session module; here that is a plain stub.
const requireUser = vi.fn<(returnTo?: string) => Promise<CurrentUser>>();
vi.mock("./session", () => ({ requireUser: (returnTo?: string) => requireUser(returnTo) }));

const { hasRole, parseId, requireAdmin, requireBankEditor, requireCoach, requireLearner } = await import("./guard");

const user = (role: CurrentUser["role"]): CurrentUser => ({ id: "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab", email: "a@example.com", name: "A", role, timeZone: "UTC" });

/** The digest Next gives notFound() and forbidden(): "NEXT_HTTP_ERROR_FALLBACK;404" / ";403". */
async function refusal(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    return (err as { digest?: string }).digest;
  }
}

describe("parseId", () => {
  it("returns a well-formed id unchanged", () => {
    expect(parseId("3f1c2a9e-8b7d-4c6e-9f00-1234567890ab")).toBe("3f1c2a9e-8b7d-4c6e-9f00-1234567890ab");
  });

  it("answers a malformed id with notFound (404), never letting it reach the database", async () => {
    for (const raw of ["3f1c2a9e8b7d4c6e9f001234567890abcdef", "not-an-id", "", "3f1c2a9e-8b7d-4c6e-9f00-1234567890ab'--"]) {
      expect(await refusal(() => parseId(raw)), raw).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    }
  });
});

describe("role guards", () => {
  it("hand back the user of the asked role", async () => {
    requireUser.mockResolvedValue(user("coach"));
    await expect(requireCoach("/coach")).resolves.toMatchObject({ role: "coach" });
    await expect(requireBankEditor()).resolves.toMatchObject({ role: "coach" });
    expect(requireUser).toHaveBeenLastCalledWith("/bank");
    requireUser.mockResolvedValue(user("admin"));
    await expect(requireAdmin()).resolves.toMatchObject({ role: "admin" });
    await expect(requireBankEditor()).resolves.toMatchObject({ role: "admin" });
  });

  it("refuse every other role with forbidden (403), not a plain Error", async () => {
    requireUser.mockResolvedValue(user("learner"));
    for (const guard of [requireCoach, requireAdmin, requireBankEditor]) expect(await refusal(() => guard())).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    requireUser.mockResolvedValue(user("coach"));
    for (const guard of [requireLearner, requireAdmin]) expect(await refusal(() => guard())).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    requireUser.mockResolvedValue(user("admin"));
    for (const guard of [requireLearner, requireCoach]) expect(await refusal(() => guard())).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
  });

  it("hasRole narrows only the listed roles", () => {
    expect(hasRole(user("learner"), ["learner"])).toBe(true);
    expect(hasRole(user("learner"), ["coach", "admin"])).toBe(false);
    expect(hasRole(user("admin"), ["coach", "admin"])).toBe(true);
  });
});
