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
    // The pure domain modules stay free of the framework and the database.
    files: ["lib/policy/**", "lib/practice/**", "lib/plans/**", "lib/exam/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["react", "react/*", "next", "next/*", "@/db/*", "drizzle-orm", "drizzle-orm/*", "@/app/*"] },
      ],
    },
  },
];

export default config;
