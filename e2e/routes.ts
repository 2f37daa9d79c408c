// The app's pages and route handlers, found from the files under app/: shared by the route matrix
// and the accessibility spec, so a new page (or handler) without a row fails them.
import fs from "node:fs";
import path from "node:path";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The methods a route.ts exports: `export async function GET`, `export const GET =`, `export const { GET, POST } =`. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) {
    for (const name of m[1]!.split(",")) found.add(name.split(":").pop()!.trim());
  }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of m[1]!.split(",")) found.add(name.split(/\s+as\s+/).pop()!.trim());
  }
  return [...found].filter((n) => (HTTP_METHODS as readonly string[]).includes(n)).sort();
}

/** Every page.tsx and route.ts under app/ with its URL pattern. */
function appFiles(): { kind: "page" | "route"; pattern: string; file: string }[] {
  const files: { kind: "page" | "route"; pattern: string; file: string }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Private folders (_x) and parallel-route slots (@x) are not URL segments of their own.
        if (entry.name.startsWith("_")) continue;
        const seg = /^\(.*\)$/.test(entry.name) || entry.name.startsWith("@") ? [] : [entry.name];
        walk(full, [...segments, ...seg]);
        continue;
      }
      const pattern = `/${segments.join("/")}`;
      if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) files.push({ kind: "page", pattern, file: full });
      if (/^route\.(ts|js)$/.test(entry.name)) files.push({ kind: "route", pattern, file: full });
    }
  };
  walk(path.resolve("app"), []);
  return files;
}

/** The URL pattern of every page. */
export function discoverPages(): string[] {
  return appFiles()
    .filter((f) => f.kind === "page")
    .map((f) => f.pattern)
    .sort();
}

/** "METHOD /pattern" for every page.tsx (GET) and every method each route.ts exports. */
export function discoverRoutes(): string[] {
  return appFiles()
    .flatMap((f) => (f.kind === "page" ? [`GET ${f.pattern}`] : exportedMethods(fs.readFileSync(f.file, "utf8")).map((m) => `${m} ${f.pattern}`)))
    .sort();
}
