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
    // the database and request code: server/ folders, the data-access layer, the action wrapper,
    // integration tests, and the files below that still sit beside pure code in a mixed folder
    // (each goes to its folder's server/ as that folder is split). A new file in lib/ is covered
    // unless it is put in a server/ folder or named here.
    files: ["lib/**/*.{ts,tsx}"],
    ignores: [
      "lib/**/server/**",
      "lib/dal/**",
      "lib/actions.ts",
      "lib/**/*.int.test.ts",
      // Database code in folders that hold nothing else yet.
      "lib/account/**",
      "lib/admin/**",
      "lib/cli/**",
      "lib/demo/**",
      "lib/jobs/**",
      "lib/practice-sessions/**",
      "lib/readiness/**",
      "lib/reference/**",
      "lib/repair-plans/**",
      "lib/rules-check/**",
      "lib/variations/**",
      "lib/startup.ts",
      // Database code beside pure files (mixed folders: analytics, attempts, auth, mail, notifications, questions).
      "lib/analytics/queries.ts",
      "lib/analytics/rollups.ts",
      "lib/analytics/sql.ts",
      "lib/attempts/service.ts",
      "lib/auth/credentials.ts",
      "lib/auth/ownership.ts",
      "lib/auth/password-reset.ts",
      "lib/auth/throttle.ts",
      "lib/mail/outbox.ts",
      "lib/mail/settings.ts",
      "lib/notifications/reminders.ts",
      "lib/notifications/service.ts",
      "lib/notifications/unsubscribe.ts",
      "lib/questions/service.ts",
    ],
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
              group: ["@/lib/dal/*", "@/lib/actions", "@/lib/*/server/*", "./server/*", "../server/*"],
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
    // lib/startup.ts).
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
