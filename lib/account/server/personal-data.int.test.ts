import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { queryRows } from "@/lib/analytics/server/sql";
import { ENGINE, createTestDatabase } from "@/test/db";
import { EXPORT_SECTIONS, USER_REFERENCES } from "./export";

/**
 * A table added later that points at users must be decided on: which section of "download my
 * data" holds it (or why it is not the person's to download) and what deleting a learner does to
 * it. This compares lib/account/server/export.ts with the migrated database's foreign keys.
 */
let h: DbHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

describe(`personal data coverage (${ENGINE})`, () => {
  it("knows every foreign key to users, with its delete rule", async () => {
    const rows = await queryRows<{ ref: string; rule: string }>(
      h.db,
      sql`select c.relname || '.' || a.attname as ref, k.confdeltype::text as rule
          from pg_constraint k
          join pg_class c on c.oid = k.conrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
          where k.contype = 'f' and k.confrelid = 'public.users'::regclass and n.nspname = 'public'
          order by 1`,
    );
    const inDatabase = Object.fromEntries(rows.map((r) => [r.ref, r.rule === "c" ? "cascade" : r.rule === "n" ? "set null" : `rule ${r.rule}`]));
    const declared = Object.fromEntries(Object.entries(USER_REFERENCES).map(([ref, v]) => [ref, v.erase]));
    expect(inDatabase).toEqual(declared);
  });

  it("names an existing section (or a reason) for each, and every section reads tables that exist", async () => {
    const keys = new Set(EXPORT_SECTIONS.map((s) => s.key));
    for (const [ref, v] of Object.entries(USER_REFERENCES)) expect(keys.has(v.export) || v.export.startsWith("not exported: ") || v.export.startsWith("not exported for "), ref).toBe(true);
    const tables = new Set(
      (await queryRows<{ t: string }>(h.db, sql`select table_name as t from information_schema.tables where table_schema = 'public'`)).map((r) => r.t),
    );
    for (const s of EXPORT_SECTIONS) for (const t of s.tables) expect(tables.has(t), `${s.key}: ${t}`).toBe(true);
    // Every table that points at users and is exported is read by the section that claims it.
    for (const [ref, v] of Object.entries(USER_REFERENCES)) {
      const section = EXPORT_SECTIONS.find((s) => s.key === v.export);
      if (section) expect(section.tables, ref).toContain(ref.split(".")[0]);
    }
  });
});
