// Opens, migrates and (on an empty embedded database) seeds the database when the server starts,
// so the first request does not pay for it and a broken database fails the start loudly.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDbHandle } = await import("@/db/client");
  const started = Date.now();
  const handle = await getDbHandle();
  console.log(`[retake-coach] database ready (${handle.kind}) in ${Date.now() - started} ms`);
}
