import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const base = fs.mkdtempSync(path.join(os.tmpdir(), "rc-pglite-"));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("embedded database directory", () => {
  it("refuses a directory held by another live process, with a clear message", async () => {
    const dir = path.join(base, "held");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      fs.writeFileSync(`${dir}.lock`, String(other.pid));
      await expect(openDatabase({ pgliteDir: dir })).rejects.toThrow(/already open in process \d+.*PGLITE_DIR/);
      expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(false);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that is gone, and releases it on close", async () => {
    const dir = path.join(base, "stale");
    fs.writeFileSync(`${dir}.lock`, "999999");
    const handle = await openDatabase({ pgliteDir: dir });
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});
