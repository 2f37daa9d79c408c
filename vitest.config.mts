import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

const integration = {
  environment: "node" as const,
  setupFiles: ["./test/integration-setup.ts"],
  // next.config.ts turns on authInterrupts (forbidden()); the build inlines this flag.
  env: { __NEXT_EXPERIMENTAL_AUTH_INTERRUPTS: "true" },
  // next-auth imports "next/server" without an extension; let Vite resolve it.
  server: { deps: { inline: ["next-auth"] } },
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Each file gets its own database; a few at once keeps a 2-core machine responsive.
  maxWorkers: 2,
};

export default defineConfig({
  resolve: { alias: { "@": root, "server-only": `${root}test/empty-module.ts` } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "db/**/*.test.ts", "content/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts"],
          environment: "node",
        },
      },
      // The policy must not depend on the machine's time zone: its tests run again under two
      // non-UTC zones (one with daylight saving on each hemisphere).
      ...["America/New_York", "Pacific/Auckland"].map((tz) => ({
        extends: true as const,
        test: {
          name: `unit-tz-${tz.split("/")[1]!.toLowerCase()}`,
          include: ["lib/policy/**/*.test.ts"],
          exclude: ["**/*.int.test.ts"],
          environment: "node",
          env: { TZ: tz },
        },
      })),
      // Integration tests run on every engine (PGlite, then Postgres; scripts/test-integration.mjs).
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**", "**/*.pg.int.test.ts"],
          ...integration,
        },
      },
      // Races that only real Postgres can lose (PGlite runs one statement at a time): only the
      // Postgres run includes this project, so no run reports them skipped.
      {
        extends: true,
        test: {
          name: "integration-pg",
          include: ["**/*.pg.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**"],
          ...integration,
          setupFiles: [...integration.setupFiles, "./test/postgres-only-setup.ts"],
        },
      },
    ],
  },
});
