// Stands in for "server-only" under Vitest (its real entry throws outside the React server build).
export {};
