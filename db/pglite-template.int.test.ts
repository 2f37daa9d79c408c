import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, PGLITE_OPTIONS, type DbHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { copyTemplateInto, ensureTemplate, isEmptyDir, pgliteVersion, templateName, templateTarball, type Template } from "./pglite-template";

// Always the embedded database (whichever engine the integration run is for): the template is
// PGlite's. Each test gets its own template folder under base, so none depends on another's.
const base = fs.mkdtempSync(path.join(os.tmpdir(), "rc-pglite-template-"));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

let n = 0;
const fresh = (label: string) => path.join(base, `${label}-${++n}`);

async function rows<T>(handle: DbHandle, query: string): Promise<T[]> {
  const result = (await handle.db.execute(sql.raw(query))) as unknown as { rows: T[] };
  return result.rows;
}

/** What must not differ between a database made by initdb and one copied from the template. */
async function serverFacts(handle: DbHandle) {
  const [facts] = await rows<Record<string, string>>(
    handle,
    `select version() as version, current_setting('server_encoding') as encoding,
            current_setting('data_checksums') as checksums, current_setting('shared_buffers') as shared_buffers,
            d.datcollate as collate, d.datctype as ctype, d.datlocprovider as provider
       from pg_database d where d.datname = current_database()`,
  );
  const settings = await rows<{ name: string; setting: string }>(handle, "select name, setting from pg_settings order by name");
  const databases = await rows<{ datname: string }>(handle, "select datname from pg_database order by datname");
  const roles = await rows<{ rolname: string }>(handle, "select rolname from pg_roles order by rolname");
  return { facts, settings, databases, roles };
}

const OPTIONS = PGLITE_OPTIONS;

describe("embedded database template", () => {
  const root = fresh("root");
  let reference: Awaited<ReturnType<typeof serverFacts>>;

  /** A template folder of its own (a copy of root's, to spare making one), for a test to spoil. */
  async function templateOfItsOwn(label: string): Promise<{ root: string; template: Template }> {
    const made = (await ensureTemplate(root, OPTIONS))!;
    const own = fresh(label);
    fs.mkdirSync(own);
    fs.cpSync(made.dir, path.join(own, path.basename(made.dir)), { recursive: true });
    const template = (await ensureTemplate(own, OPTIONS))!;
    expect(template.dir).toBe(path.join(own, path.basename(made.dir)));
    return { root: own, template };
  }

  beforeAll(async () => {
    const plain = await openDatabase({ pgliteDir: fresh("plain"), pgliteTemplate: false });
    expect(plain.pgliteStart).toBe("initdb");
    reference = await serverFacts(plain);
    await plain.close();
  });

  it("makes the template on the first new directory and copies it into the next, with the same server, settings and catalog", async () => {
    const first = await openDatabase({ pgliteDir: fresh("first"), pgliteTemplate: root });
    expect(first.pgliteStart).toBe("template");
    await first.close();
    expect(fs.readdirSync(root).filter((e) => e.startsWith("pglite-template-"))).toHaveLength(1);

    const dir = fresh("second");
    const second = await openDatabase({ pgliteDir: dir, pgliteTemplate: root });
    expect(second.pgliteStart).toBe("template");
    expect(await serverFacts(second)).toEqual(reference);
    await second.close();

    const again = await openDatabase({ pgliteDir: dir, pgliteTemplate: root });
    expect(again.pgliteStart).toBe("existing");
    await again.close();
  });

  it("gives a directory and an in-memory database that accept the migrations and keep data", async () => {
    const dir = fresh("migrated");
    const handle = await openDatabase({ pgliteDir: dir, pgliteTemplate: root });
    expect(handle.pgliteStart).toBe("template");
    await migrateDatabase(handle);
    await handle.db.execute(sql`create table template_probe (x int)`);
    await handle.db.execute(sql`insert into template_probe values (42)`);
    await handle.close();
    const reopened = await openDatabase({ pgliteDir: dir, pgliteTemplate: root });
    expect(await rows(reopened, "select x from template_probe")).toEqual([{ x: 42 }]);
    expect((await rows<{ n: number }>(reopened, "select count(*)::int as n from drizzle.__drizzle_migrations"))[0]!.n).toBeGreaterThan(0);
    await reopened.close();

    const memory = await openDatabase({ pgliteDir: "memory://", pgliteTemplate: root });
    expect(memory.pgliteStart).toBe("template");
    expect(await serverFacts(memory)).toEqual(reference);
    await migrateDatabase(memory);
    // the template holds the empty cluster only: nothing of the databases made from it
    expect(await rows(memory, "select to_regclass('public.template_probe') as t")).toEqual([{ t: null }]);
    await memory.close();
  });

  it("falls back to initdb, and drops the template, when the template's cluster is corrupt", async () => {
    const { root: bad, template: made } = await templateOfItsOwn("corrupt-root");
    fs.writeFileSync(path.join(made.pgdata, "global", "pg_control"), Buffer.alloc(8192, 0x5a));
    const dir = fresh("from-corrupt");
    const handle = await openDatabase({ pgliteDir: dir, pgliteTemplate: bad });
    expect(handle.pgliteStart).toBe("initdb");
    await migrateDatabase(handle);
    await handle.close();
    expect(fs.existsSync(made.dir)).toBe(false);
    // A working one is made again on the next need.
    expect(await ensureTemplate(bad, OPTIONS)).not.toBeNull();
  });

  it("never hands PGlite a tarball that differs from the one the template was made with", async () => {
    const { template: t } = await templateOfItsOwn("bad-tar-root");
    expect(templateTarball(t)).toBeInstanceOf(Blob);
    // Random bytes: PGlite 0.5.17 takes them for gzip and crashes the process on an unhandled rejection.
    fs.writeFileSync(t.tarball, Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251)));
    expect(templateTarball(t)).toBeNull();
  });

  it("falls back to initdb for an in-memory database whose template tarball is corrupt", async () => {
    const { root: rootWithBadTar, template } = await templateOfItsOwn("memory-bad-root");
    fs.writeFileSync(template.tarball, "not a tarball");
    const handle = await openDatabase({ pgliteDir: "memory://", pgliteTemplate: rootWithBadTar });
    expect(handle.pgliteStart).toBe("initdb");
    await migrateDatabase(handle);
    await handle.close();
  });

  it("opens a new database without a template when the template folder cannot be made", async () => {
    const notAFolder = fresh("file-root");
    fs.writeFileSync(notAFolder, "");
    const handle = await openDatabase({ pgliteDir: fresh("no-template"), pgliteTemplate: path.join(notAFolder, "cache") });
    expect(handle.pgliteStart).toBe("initdb");
    await handle.close();
  });

  it("makes a template once when asked twice at the same time, and the second asker does not wait for it", async () => {
    const shared = fresh("race-root");
    const [a, b] = await Promise.all([ensureTemplate(shared, OPTIONS), ensureTemplate(shared, OPTIONS)]);
    expect([a, b].filter((t) => t !== null)).toHaveLength(1);
    expect(fs.readdirSync(shared).sort()).toEqual([templateName(OPTIONS)]); // no lock, no temporary folder left
    expect(await ensureTemplate(shared, OPTIONS)).toEqual(a ?? b);
  });

  it("finishes a copy that was interrupted instead of opening the half-copied directory", async () => {
    const { template: t } = await templateOfItsOwn("interrupted-root");
    const dir = fresh("interrupted");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, ".template-copy-incomplete"), "");
    fs.cpSync(path.join(t.pgdata, "base"), path.join(dir, "base"), { recursive: true });
    expect(isEmptyDir(dir)).toBe(true);
    expect(copyTemplateInto(t, dir)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(fs.readdirSync(t.pgdata).sort());
    // Never into a directory that holds anything.
    expect(copyTemplateInto(t, dir)).toBe(false);
  });

  it("keys the template by PGlite version and start options", () => {
    const version = pgliteVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const name = templateName(OPTIONS, version);
    expect(name).toMatch(new RegExp(`^pglite-template-${version!.replace(/\./g, "\\.")}-[0-9a-f]{12}$`));
    expect(templateName({ startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"] }, version)).not.toBe(name);
    expect(templateName(OPTIONS, "0.0.1")).not.toBe(name);
    expect(templateName(OPTIONS, null)).toBeNull();
  });
});
