import fs from "node:fs";
import path from "node:path";

// Remove the embedded databases of earlier runs (each run makes its own .data/e2e-<time>).
export default function globalSetup() {
  const dir = path.resolve(".data");
  if (!fs.existsSync(dir)) return;
  const current = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith("e2e-")) continue;
    const stamp = Number(name.replace(/^e2e-(\d+).*$/, "$1"));
    if (current - stamp > 60_000) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
