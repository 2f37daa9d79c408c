import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { startUp } from "@/lib/server/startup";

// `npm run db:migrate`: the start-up sequence without a server (migrations, reference data,
// rollups); never the demo seed.
async function main() {
  const e = env();
  const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  try {
    await startUp(handle, { log: (line) => console.log(`[db:migrate] ${line}`) });
    console.log(`Migrations and reference data applied (${handle.kind}).`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
