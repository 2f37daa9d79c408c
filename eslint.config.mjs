import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Pure modules stay free of the framework and the database. The rule covers all of lib/ but
    // the database and request code: each domain keeps its database code in a server/ subfolder
    // (lib/practice/ pure, lib/practice/server/ persistence), the data-access layer, the action
    // wrapper, the operator commands (lib/cli/) and the demo seed (lib/demo/), which are scripts
    // run outside the app, and integration tests. A new file in lib/ is covered unless it is put
    // in a server/ folder.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/**/server/**", "lib/dal/**", "lib/actions.ts", "lib/cli/**", "lib/demo/**", "lib/**/*.int.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react/*", "next", "next/*", "@/db/*", "../db/*", "../../db/*", "drizzle-orm", "drizzle-orm/*", "@/app/*", "@/components/*", "server-only"],
              message: "Pure modules import neither the framework nor the database: put this code in a server/ folder.",
            },
            {
              group: ["@/lib/dal/*", "@/lib/actions", "@/lib/server/*", "@/lib/*/server/*", "./server/*", "../server/*"],
              message: "Pure modules do not import database or request code.",
            },
          ],
        },
      ],
    },
  },
  {
    // db/ is the bottom layer: schema, connection and migrations. It reads the environment
    // through lib/env and its enum values from lib/enums (pure constants, the one source the
    // schema, zod and the UI share), and nothing else from lib/ or app/ (start-up work lives in
    // lib/server/startup.ts).
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/*", "!@/lib/env", "!@/lib/enums", "../lib/*", "!../lib/enums", "../../lib/*"], message: "db/ imports nothing from lib/ but lib/env and lib/enums." },
            { group: ["@/app/*", "@/components/*", "react", "next", "next/*"], message: "db/ is the bottom layer." },
          ],
        },
      ],
    },
  },
];

export default config;
