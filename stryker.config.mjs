// @ts-check
/**
 * Mutation testing of core (pnpm mutate; not part of pnpm test or CI: a folder takes minutes to
 * an hour on two cores). One folder per run, named by GRIDCASE_MUTATE (scripts/mutate/run.ts sets
 * it), each with its own incremental file, so a rerun only tests the mutants whose code or tests
 * changed, and its own reports under reports/mutation/.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const folder = process.env.GRIDCASE_MUTATE ?? "privacy"

export default {
  testRunner: "vitest",
  vitest: { configFile: "scripts/mutate/vitest.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [`packages/core/src/${folder}/**/*.ts`],
  coverageAnalysis: "perTest",
  // Two cores shared with other work: one or two test processes at a time (GRIDCASE_MUTATE_CONCURRENCY).
  concurrency: Number(process.env.GRIDCASE_MUTATE_CONCURRENCY ?? 2),
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  reporters: ["json", "html", "clear-text", "progress-append-only"],
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  htmlReporter: { fileName: `reports/mutation/${folder}.html` },
  // Only what core's tests need goes into the sandbox.
  ignorePatterns: [
    "/examples",
    "/bench",
    "/docs",
    "/reports",
    "/.stryker-tmp",
    "/scripts/docs",
    "/scripts/api",
  ],
  timeoutMS: 30_000,
  // The first run of all of core's tests, with per-test coverage, takes minutes on a shared machine.
  dryRunTimeoutMinutes: 40,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
}
