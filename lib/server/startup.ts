import type { DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ensureAnalyticsRollups } from "@/lib/analytics/server/rollups";
import { syncReferenceData, type ReferenceSyncResult } from "@/lib/reference/server/sync";

export interface StartUpOptions {
  /** Put the demo programme into a database with no account yet (SEED_DEMO=1). */
  seedDemo?: boolean;
  log?: (line: string) => void;
}

export interface StartUpReport {
  reference: ReferenceSyncResult;
  rollupsRebuilt: boolean;
  demoSeeded: boolean;
}

/**
 * Everything a database needs before the first request, in this order: migrations, the
 * reference data (exam, policy, domains, categories, question bank), rollup maintenance, then the
 * demo seed only when asked for. On Postgres the steps up to the rollups run under one advisory
 * lock, so processes starting together take turns; each step is idempotent.
 */
export async function startUp(handle: DbHandle, opts: StartUpOptions = {}): Promise<StartUpReport> {
  const log = opts.log ?? (() => {});
  let reference: ReferenceSyncResult | undefined;
  let rollupsRebuilt = false;
  await migrateDatabase(handle, {
    thenUnderLock: async (db) => {
      reference = await syncReferenceData(db);
      rollupsRebuilt = await ensureAnalyticsRollups(db);
    },
  });
  const { bank } = reference!;
  log(`question bank: ${bank.inserted} added, ${bank.updated} updated, ${bank.retired} retired`);
  if (rollupsRebuilt) log("analytics rollups rebuilt from raw rows");
  let demoSeeded = false;
  if (opts.seedDemo) {
    const { seedDemoIfEmpty } = await import("@/lib/demo/seed");
    demoSeeded = await seedDemoIfEmpty(handle.db);
    log(demoSeeded ? "demo programme seeded (SEED_DEMO=1)" : "demo seed skipped: the database already has accounts");
  }
  return { reference: reference!, rollupsRebuilt, demoSeeded };
}
