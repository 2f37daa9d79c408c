import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { startUp } from "@/lib/server/startup";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./seed";

// `npm run db:seed`: the explicit way to put the demo programme into any database, including a
// DATABASE_URL one (a server start seeds only when SEED_DEMO=1 and the database has no account).
async function main() {
  const e = env();
  const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  try {
    await startUp(handle, { log: (line) => console.log(`[db:seed] ${line}`) });
    await seedDemo(handle.db);
    console.log(`Seeded ${DEMO_USERS.length} demo users into ${handle.kind}. Password for all: ${DEMO_PASSWORD}`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
