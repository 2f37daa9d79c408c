/**
 * The lowest versions that carry the known security fixes of the packages that guard this
 * product. The registry reachable from our machines does not answer `npm audit`, so the test
 * beside this file reads package-lock.json and fails below a floor. SECURITY.md says how to raise them.
 */
export const SECURITY_FLOORS: Record<string, string> = {
  next: "16.2.11",
  react: "19.2.6",
  "react-dom": "19.2.6",
  "next-auth": "5.0.0-beta.32",
  "drizzle-orm": "0.45.2",
  // Sends every mail (password reset links included). 7.0.7 fixed addresses with a quoted local
  // part being delivered to an unintended domain (GHSA-mm7p-fcc7-pg87).
  nodemailer: "7.0.7",
};

interface Parsed {
  core: [number, number, number];
  pre: (string | number)[];
}

function parse(version: string): Parsed {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(version.trim());
  if (!m) throw new Error(`Not a semantic version: ${version}`);
  const pre = m[4] ? m[4].split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre };
}

/** Semantic-version order, pre-releases included (1.0.0-beta.2 < 1.0.0-beta.10 < 1.0.0). */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i]! - pb.core[i]!;
  if (!pa.pre.length || !pb.pre.length) return pb.pre.length - pa.pre.length;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Every installed copy (the lock may hold nested ones) below its floor. */
export function findBelowFloor(
  lock: { packages?: Record<string, { version?: string }> },
  floors = SECURITY_FLOORS,
): { name: string; path: string; version: string; floor: string }[] {
  const out: { name: string; path: string; version: string; floor: string }[] = [];
  for (const [path, meta] of Object.entries(lock.packages ?? {})) {
    const name = path.replace(/^.*node_modules\//, "");
    const floor = floors[name];
    if (!floor || !meta.version) continue;
    if (compareVersions(meta.version, floor) < 0) out.push({ name, path, version: meta.version, floor });
  }
  return out;
}
