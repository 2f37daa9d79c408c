import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./index";

// `npm run db:seed`: the explicit way to put the demo programme into any database, including a
// DATABASE_URL one (the server never seeds a real Postgres on its own).
async function main() {
  const e = env();
  const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  try {
    await migrateDatabase(handle);
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
