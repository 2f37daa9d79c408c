import { getMyRunnerContent } from "@/lib/dal/practice";
import { hasRole } from "@/lib/dal/guard";
import { getCurrentUser } from "@/lib/dal/session";
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_MS } from "@/lib/practice/server/sessions";

// The question text of a practice set, for the runner to load right after its page: the page
// carries every item's state but the text of the question shown first only. The learner's own
// active set only, and only what the runner may show (no answers, explanations or reasons).
// Signed out: 401; not a learner: 403; a malformed id or someone else's set: 404; a submitted set:
// 409 (its review has everything); the database out of reach: 503 (the runner retries).

const HEADERS = { "Cache-Control": "private, no-store" };

function refuse(status: number, error: string, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error, message }, { status, headers: { ...HEADERS, ...headers } });
}

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return refuse(401, "unauthenticated", "Your session has ended. Sign in again; your answers are kept in this browser.");
  if (!hasRole(user, ["learner"])) return refuse(403, "forbidden", "Only learners answer practice sets.");
  const { id } = await params;
  let content: Awaited<ReturnType<typeof getMyRunnerContent>>;
  try {
    content = await getMyRunnerContent(user, id);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    return refuse(503, "unavailable", "The questions could not be loaded just now.", { "Retry-After": String(Math.ceil(UNAVAILABLE_RETRY_MS / 1000)) });
  }
  if (content === null) return refuse(404, "not-found", "Unknown practice set.");
  if (content === "submitted") return refuse(409, "submitted", "This set is submitted: its review shows every question.");
  return Response.json(content, { headers: HEADERS });
}
