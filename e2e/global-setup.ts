import fs from "node:fs";
import path from "node:path";

function heldByLiveProcess(dir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(`${dir}.lock`, "utf8").trim());
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Removes the embedded databases of earlier runs (each run makes its own .data/e2e-<time>).
// Playwright may start the web server before this runs, so the current run's folder (named in
// E2E_PGLITE_DIR by the config) and any folder a live server holds are kept.
export default function globalSetup() {
  const dir = path.resolve(".data");
  if (!fs.existsSync(dir)) return;
  const current = process.env.E2E_PGLITE_DIR ? path.resolve(process.env.E2E_PGLITE_DIR) : null;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith("e2e-") || name.endsWith(".lock")) continue;
    const full = path.join(dir, name);
    if (full === current || heldByLiveProcess(full)) continue;
    fs.rmSync(full, { recursive: true, force: true });
    fs.rmSync(`${full}.lock`, { force: true });
  }
}
