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
    // The pure domain modules stay free of the framework and the database; their database code
    // sits beside them in a server/ folder.
    files: ["lib/policy/**", "lib/practice/**", "lib/plans/**", "lib/exam/**"],
    ignores: ["lib/**/server/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["react", "react/*", "next", "next/*", "@/db/*", "drizzle-orm", "drizzle-orm/*", "@/app/*"] },
      ],
    },
  },
  {
    // db/ is the bottom layer: schema, connection and migrations. It reads the environment
    // through lib/env and nothing else from lib/ or app/ (start-up work lives in lib/startup.ts).
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/*", "!@/lib/env", "../lib/*", "../../lib/*"], message: "db/ imports nothing from lib/ but lib/env." },
            { group: ["@/app/*", "@/components/*", "react", "next", "next/*"], message: "db/ is the bottom layer." },
          ],
        },
      ],
    },
  },
];

export default config;
