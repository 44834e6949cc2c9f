import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { defineConfig } from "vitest/config"

const ROOT = resolve(import.meta.dirname, "..", "..")

/**
 * `@gridcase/<package><subpath>` → its source in this copy of the repository, from each package's
 * `@gridcase/source` export condition. StrykerJS runs the tests in a sandbox copy whose
 * node_modules link back to the real repository: without these aliases the adapters would load
 * the unmutated core from there, a second copy whose error classes the sandbox's core does not
 * recognise (a WrongExpectedVersion would no longer be one).
 */
const workspaceAliases = ["core", "adapters", "projections"].flatMap((name) => {
  const manifest = JSON.parse(readFileSync(resolve(ROOT, "packages", name, "package.json"), "utf8")) as {
    readonly exports: Record<string, { readonly "@gridcase/source": string }>
  }
  return Object.entries(manifest.exports).map(([subpath, conditions]) => ({
    find: new RegExp(`^@gridcase/${name}${subpath.slice(1).replaceAll("/", "\\/")}$`),
    replacement: resolve(ROOT, "packages", name, conditions["@gridcase/source"]),
  }))
})

/**
 * The tests StrykerJS runs against each mutant of core: the folder's test folders that
 * stryker.config.mjs names (GRIDCASE_MUTATE_TESTS), else core's own tests. The examples' and
 * projections' suites need a browser, PostgreSQL or minutes, and test core through them.
 */
export default defineConfig({
  resolve: { conditions: ["@gridcase/source"], alias: workspaceAliases },
  ssr: { resolve: { conditions: ["@gridcase/source"] } },
  test: {
    include: process.env.GRIDCASE_MUTATE_TESTS?.split(",") ?? ["packages/core/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
