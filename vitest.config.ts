import { configDefaults, defineConfig } from "vitest/config"

// One vitest run over every package. Tests import workspace packages from source
// through the "@kejin/source" export condition, so no build is needed first.
export default defineConfig({
  resolve: { conditions: ["@kejin/source"] },
  ssr: { resolve: { conditions: ["@kejin/source"] } },
  test: {
    projects: [
      { extends: true, test: { name: "core", include: ["packages/core/src/**/*.test.ts"] } },
      { extends: true, test: { name: "ui", include: ["packages/ui/src/**/*.test.{ts,tsx}"] } },
      { extends: true, test: { name: "server", include: ["packages/server/src/**/*.test.{ts,tsx}"] } },
      {
        extends: true,
        test: {
          name: "acceptance",
          include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
          // vitest's own excludes too (node_modules: examples/node_modules links the packages and their tests).
          exclude: [...configDefaults.exclude, "test/multi-server/**"],
          testTimeout: 60_000
        }
      },
      {
        // Three `kejin serve` processes (the built CLI) on PostgreSQL with a streaming replica it starts.
        extends: true,
        test: { name: "multi-server", include: ["test/multi-server/**/*.test.ts"], testTimeout: 240_000 }
      }
    ],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Migrated template databases for createTestDatabase(dialect, { migrated: true }).
    globalSetup: ["./test/setup/databases.ts"]
  }
})
