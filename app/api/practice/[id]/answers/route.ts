import { getDb } from "@/db/client";
import { authSecret } from "@/lib/auth/secret";
import { readSessionClaims } from "@/lib/auth/session-token";
import type { SaveResult } from "@/lib/practice/dto";
import {
  SIGNED_OUT_SAVE,
  checkSaveSession,
  unlessDatabaseUnavailable,
  saveAnswers,
  unavailableSave,
} from "@/lib/practice/server/sessions";
import { saveBatchSchema, sessionIdSchema } from "@/lib/validation/practice";

// Autosave is a JSON endpoint rather than a Server Action: the browser's outbox re-sends batches
// with keepalive after a failed save or a reconnect, and the load benchmark drives it directly.
const STATUS: Record<Exclude<SaveResult, { ok: true }>["error"], number> = {
  unauthenticated: 401,
  "not-found": 404,
  invalid: 422,
  deadline: 409,
  submitted: 409,
  unavailable: 503,
};

function reply(body: SaveResult) {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (!body.ok && body.error === "unavailable") headers["Retry-After"] = String(Math.ceil(body.retryAfterMs / 1000));
  return Response.json(body, { status: body.ok ? 200 : STATUS[body.error], headers });
}

export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  // A database restart or failover (or a save stuck behind one): a JSON 503 the outbox retries,
  // not an HTML error page or a request that hangs.
  return unlessDatabaseUnavailable(
    () => save(request, ctx),
    () => reply(unavailableSave()),
  );
}

async function save(request: Request, ctx: { params: Promise<{ id: string }> }) {
  // The token is only decrypted here, not re-issued as auth() would: a save sets no cookie. Whether
  // its user is still active, still on that session version and a learner is checked by the save's
  // own statement against the user row.
  const claims = await readSessionClaims(request.headers.get("cookie"), authSecret());
  if (!claims) return reply(SIGNED_OUT_SAVE);
  const db = await getDb();
  // A request refused before the save still checks the user first: a retired session hears 401.
  const refuse = async (fault: SaveResult) => reply((await checkSaveSession(db, claims.userId, claims)) ?? fault);
  const { id } = await ctx.params;
  const sessionId = sessionIdSchema.safeParse(id);
  if (!sessionId.success) return refuse({ ok: false, error: "not-found", message: "Unknown practice set." });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > 256_000) return refuse({ ok: false, error: "invalid", message: "That save is too large." });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return refuse({ ok: false, error: "invalid", message: "The save was not valid JSON." });
  }
  const parsed = saveBatchSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return refuse({ ok: false, error: "invalid", message: `Invalid save (${first?.path.join(".") || "body"}): ${first?.message ?? "malformed"}` });
  }
  return reply(await saveAnswers(db, claims.userId, sessionId.data, parsed.data.answers, claims));
}
