import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";

/**
 * A new embedded database starts from a copy of an empty cluster instead of running initdb inside
 * WebAssembly (most of a new directory's start-up). The template is what PGlite itself makes on an
 * empty directory, before any migration or data: the app makes it on first need, in a cache folder
 * keyed by the PGlite version and the start options, so an upgrade or a changed option never
 * reuses a stale one. It is built in a temporary folder under a lock file and renamed into place,
 * so no process sees a half-written template. Nothing here may fail a start-up: every function
 * returns null (or false) when the template cannot be made or used, and the caller initialises the
 * directory as before.
 *
 * The template folder holds:
 * - pgdata/        the cluster after a clean shutdown: copied (fs.cpSync) into a new directory;
 * - pgdata.tar     PGlite's own dump of it (dumpDataDir), for in-memory databases (loadDataDir);
 * - manifest.json  what it was made from; a folder without it is not a template.
 */

/** Bumped when the template's layout or the way it is made changes. */
const FORMAT = 1;
const LOCK_STALE_MS = 10 * 60_000;

export type TemplateOptions = Pick<PGliteOptions, "startParams" | "initDbStartParams" | "postgresqlconf" | "username" | "database">;

export interface Template {
  dir: string;
  pgdata: string;
  tarball: string;
}

/** The installed PGlite's version, from its package.json under the working directory's node_modules. */
export function pgliteVersion(cwd = process.cwd()): string | null {
  try {
    const pkg = path.join(/*turbopackIgnore: true*/ cwd, "node_modules", "@electric-sql", "pglite", "package.json");
    const version = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version?: unknown }).version;
    return typeof version === "string" && /^[\w.+-]+$/.test(version) ? version : null;
  } catch {
    return null;
  }
}

/** node_modules/.cache/retake-coach under the working directory (without node_modules there, pgliteVersion is null: no template). */
export function defaultTemplateRoot(cwd = process.cwd()): string {
  return path.join(/*turbopackIgnore: true*/ cwd, "node_modules", ".cache", "retake-coach");
}

/** The template's folder name: PGlite version and a hash of the options; null when the version is unknown. */
export function templateName(options: TemplateOptions, version = pgliteVersion()): string | null {
  if (!version) return null;
  const hash = crypto.createHash("sha256").update(JSON.stringify({ FORMAT, version, options })).digest("hex").slice(0, 12);
  return `pglite-template-${version}-${hash}`;
}

interface Manifest {
  name: string;
  format: number;
  options: TemplateOptions;
  /** sha256 of pgdata.tar: PGlite 0.5.17 crashes the process on some corrupt tarballs, so they are never handed over. */
  tarSha256: string;
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

function asTemplate(dir: string): Template {
  // The template lives outside the app (under node_modules/.cache): keep the bundler from tracing these paths.
  return { dir, pgdata: path.join(/*turbopackIgnore: true*/ dir, "pgdata"), tarball: path.join(/*turbopackIgnore: true*/ dir, "pgdata.tar") };
}

/** A complete template for these options, or null. */
function validTemplate(dir: string, name: string, options: TemplateOptions): Template | null {
  const t = asTemplate(dir);
  try {
    const m = readManifest(dir);
    if (!m || m.name !== name || m.format !== FORMAT || JSON.stringify(m.options) !== JSON.stringify(options)) return null;
    if (!fs.statSync(path.join(t.pgdata, "PG_VERSION")).isFile()) return null;
    if (!fs.statSync(path.join(t.pgdata, "global", "pg_control")).isFile()) return null;
    if (fs.statSync(/*turbopackIgnore: true*/ t.tarball).size === 0) return null;
    return t;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock file, or returns null when a live process (or a recent unreadable lock) holds it. */
function takeLock(lockPath: string): (() => void) | null {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") return null;
      let stale: boolean;
      try {
        const owner = Number(fs.readFileSync(lockPath, "utf8").trim());
        const age = Date.now() - fs.statSync(lockPath).mtimeMs;
        stale = owner > 0 ? owner !== process.pid && !isAlive(owner) : age > LOCK_STALE_MS;
      } catch {
        continue; // removed meanwhile: try again
      }
      if (!stale) return null;
      fs.rmSync(lockPath, { force: true });
    }
  }
  return null;
}

/** Moves a folder out of the way (rename first, so nobody sees it half-deleted) and deletes it. */
function removeDir(dir: string) {
  const doomed = `${dir}.removing-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(dir, doomed);
  } catch {
    return;
  }
  fs.rmSync(doomed, { recursive: true, force: true });
}

/** Gives up a template that failed to open, so the next start makes a new one. */
export function discardTemplate(template: Template) {
  removeDir(template.dir);
}

/**
 * The template for these options, made now if there is none. Returns null, without waiting,
 * when another process is making it, and on any failure.
 */
export async function ensureTemplate(root: string, options: TemplateOptions): Promise<Template | null> {
  const name = templateName(options);
  if (!name) return null;
  const dir = path.join(/*turbopackIgnore: true*/ root, name);
  const ready = validTemplate(dir, name, options);
  if (ready) return ready;

  try {
    fs.mkdirSync(root, { recursive: true });
  } catch {
    return null;
  }
  const unlock = takeLock(`${dir}.lock`);
  if (!unlock) return null;
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    const made = validTemplate(dir, name, options); // made by the previous lock holder
    if (made) return made;
    removeDir(dir); // an incomplete or foreign folder under the name
    for (const entry of fs.readdirSync(root)) {
      // leftovers of a maker that died: only a lock holder writes these, and the lock is ours
      if (entry.startsWith(`${name}.tmp-`) || entry.startsWith(`${name}.removing-`)) {
        fs.rmSync(path.join(root, entry), { recursive: true, force: true });
      }
    }
    const t = asTemplate(tmp);
    fs.mkdirSync(tmp);
    const pg = new PGlite(t.pgdata, options);
    let tarball: Buffer;
    try {
      await pg.waitReady;
      // The tarball is PGlite's own dump (its clone() does the same), taken after a checkpoint
      // so the files hold everything; the folder copy gets the clean shutdown of close().
      await pg.exec("CHECKPOINT");
      tarball = Buffer.from(await (await pg.dumpDataDir("none")).arrayBuffer());
      fs.writeFileSync(t.tarball, tarball);
    } finally {
      await pg.close();
    }
    fs.rmSync(path.join(t.pgdata, "postmaster.pid"), { force: true });
    const manifest: Manifest = { name, format: FORMAT, options, tarSha256: sha256(tarball) };
    fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest));
    fs.renameSync(tmp, dir);
    // Complete templates of other PGlite versions or options are of no further use.
    for (const entry of fs.readdirSync(root)) {
      if (entry.startsWith("pglite-template-") && entry !== name && fs.existsSync(path.join(root, entry, "manifest.json"))) {
        removeDir(path.join(root, entry));
      }
    }
    return validTemplate(dir, name, options);
  } catch (err) {
    console.warn(`[db] could not make the embedded database template in ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    return null;
  } finally {
    unlock();
  }
}

/** Written first into a directory the template is copied into, removed once the copy is whole. */
const COPY_MARKER = ".template-copy-incomplete";

function clearDir(dir: string) {
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}

/**
 * Whether a directory has no cluster yet and nothing else either, so the template may be copied
 * in. What an interrupted copy left (its marker without PG_VERSION) is cleared first.
 */
export function isEmptyDir(dir: string): boolean {
  try {
    if (fs.existsSync(path.join(dir, COPY_MARKER))) {
      if (!fs.existsSync(path.join(dir, "PG_VERSION"))) clearDir(dir);
      fs.rmSync(path.join(dir, COPY_MARKER), { force: true });
    }
    return fs.readdirSync(dir).length === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/**
 * Copies the template's cluster into dir, which must be missing or empty. PGlite takes a
 * directory with PG_VERSION for a cluster, so that file comes last, after a marker that tells an
 * interrupted copy apart (isEmptyDir clears it). The directory is kept (it may be a mount point).
 */
export function copyTemplateInto(template: Template, dir: string): boolean {
  if (!isEmptyDir(dir)) return false;
  const version = path.join(template.pgdata, "PG_VERSION");
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, COPY_MARKER), "");
    fs.cpSync(template.pgdata, dir, { recursive: true, filter: (src) => src !== version });
    fs.copyFileSync(version, path.join(dir, "PG_VERSION"));
    fs.rmSync(path.join(dir, COPY_MARKER));
    return true;
  } catch {
    clearCopy(dir);
    return false;
  }
}

/** Empties a directory the template was copied into (for a fall-back to initdb); keeps the directory. */
export function clearCopy(dir: string) {
  try {
    clearDir(dir);
  } catch {
    // nothing there
  }
}

function sha256(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * The template as PGlite's loadDataDir option wants it (for an in-memory database), or null when
 * the tarball is not the one the template was made with.
 */
export function templateTarball(template: Template): Blob | null {
  const data = fs.readFileSync(template.tarball);
  if (sha256(data) !== readManifest(template.dir)?.tarSha256) return null;
  return new Blob([data], { type: "application/x-tar" });
}
