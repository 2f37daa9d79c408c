import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

let cached: string | undefined;

/**
 * AUTH_SECRET when set. Without it, on the embedded database only (a local demo), a random secret
 * is created once in .data/ so sessions survive restarts; a real Postgres deployment must set it.
 */
export function authSecret(): string {
  if (cached) return cached;
  const e = env();
  if (e.AUTH_SECRET) return (cached = e.AUTH_SECRET);
  if (e.DATABASE_URL && e.NODE_ENV === "production") {
    throw new Error("AUTH_SECRET must be set (32+ characters) when running against DATABASE_URL in production.");
  }
  const file = path.join(process.cwd(), ".data", "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
    if (cached.length >= 32) return cached;
  } catch {
    // not created yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  cached = crypto.randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, cached, { mode: 0o600, flag: "wx" });
  } catch {
    // another process won the race: use its secret
    cached = fs.readFileSync(file, "utf8").trim();
  }
  return cached;
}
