import { defineConfig } from "vitest/config";

// One suite for the whole repository. Database tests create their own database
// (PGlite in memory, or a fresh database on the server named by DATABASE_URL).
export default defineConfig({
  test: {
    include: ["packages/**/*.test.ts", "apps/server/src/**/*.test.ts", "apps/admin/src/**/*.test.ts", "e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
