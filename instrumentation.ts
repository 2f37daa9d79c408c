// Runs the start-up sequence (lib/server/startup.ts) once when the server starts, before the first
// request, so a broken database fails the start loudly instead of the first page.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const started = Date.now();
  const [{ getDbHandle }, { startUp }, { env }] = await Promise.all([import("@/db/client"), import("@/lib/server/startup"), import("@/lib/env")]);
  const handle = await getDbHandle();
  await startUp(handle, { seedDemo: env().SEED_DEMO, log: (line) => console.log(`[retake-coach] ${line}`) });
  console.log(`[retake-coach] database ready (${handle.kind}) in ${Date.now() - started} ms`);
  // The job queue's workers (reminders, mail) start once the database is ready.
  const { startJobs } = await import("@/lib/jobs/server/runtime");
  await startJobs(handle, (line) => console.log(`[retake-coach] ${line}`));
}
