import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@gridcase/source"] },
  ssr: { resolve: { conditions: ["@gridcase/source"] } },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
      "scripts/*/*.test.ts",
      "bench/test/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
