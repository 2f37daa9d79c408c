import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL from db/schema.ts here; migrations are applied in-process by
// db/migrate.ts (never point drizzle-kit at a running server's PGlite directory).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
