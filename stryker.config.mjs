// @ts-check
/**
 * Mutation testing of core (pnpm mutate; not part of pnpm test or CI). One folder per run, named
 * by GRIDCASE_MUTATE (scripts/mutate/run.ts sets it), each with its own incremental file, so a
 * rerun only tests the mutants whose code or tests changed, and its own reports under
 * reports/mutation/.
 *
 * Each folder's mutants are tested by the test folders that state its rules (TESTS below), not
 * by all of core's tests: a mutant in a table that runs when the module loads (a static mutant)
 * re-runs every selected test, and all of core's take minutes each on two shared cores. A
 * mutant that only a test elsewhere would kill then counts as surviving: the score is a floor.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
/**
 * A folder (`case`) or a part of one (`case/decisions`, `case/evolve.ts`, `case/*.ts`): the largest folder takes
 * hours at concurrency 1, so it can be measured part by part, each part with its own files.
 */
const target = process.env.GRIDCASE_MUTATE ?? "privacy"
const folder = target.split("/")[0]
/** `case/decisions` → case-decisions, `case/evolve.ts` → case-evolve, `case/*.ts` (the files beside the sub-folders) → case-files. */
const name = target.replaceAll("/", "-").replace("*.ts", "files").replace(/\.ts$/, "")

/** The test folders (under packages/core/test) whose tests run against each folder's mutants. */
const TESTS = {
  privacy: ["privacy", "resident"],
  points: ["points"],
  calendar: ["calendar"],
  policy: ["policy", "deadlines"],
  deadlines: ["deadlines"],
  authorization: ["authorization"],
  case: ["case", "deadlines"],
}
const tests = TESTS[/** @type {keyof typeof TESTS} */ (folder)]
if (tests === undefined) throw new Error(`no tests named for folder ${folder}`)
/**
 * The selection goes to vitest (scripts/mutate/vitest.config.ts reads it), not to StrykerJS's
 * `testFiles`: StrykerJS 10.1.1 turns `testFiles` into a test filter on every run, and a run with
 * a filter switches the mutant on when the tests start, after the modules have loaded — a static
 * mutant (a table evaluated at load) is then never switched on and survives whatever the tests
 * say. Without the filter a static mutant is switched on before the test files load their modules.
 */
process.env.GRIDCASE_MUTATE_TESTS = tests.map((name) => `packages/core/test/${name}/**/*.test.ts`).join(",")

/**
 * The folders whose static mutants run too: their tables have an oracle written from the rules
 * (authorization: the who-may-do-what tables of test/authorization/who-may.oracle.test.ts, about a
 * second for every rule), so a mutated table fails fast; a run there tests the whole folder's tests
 * (about 15 s) once per static mutant. Elsewhere they stay out (minutes each).
 */
const STATIC_RUN = new Set(["authorization"])

export default {
  testRunner: "vitest",
  vitest: { configFile: "scripts/mutate/vitest.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [target.endsWith(".ts") ? `packages/core/src/${target}` : `packages/core/src/${target}/**/*.ts`],
  coverageAnalysis: "perTest",
  // A static mutant (in code that runs when a module loads: schemas, tables) re-runs every selected
  // test, minutes each here; they are left out (Ignored) and docs/mutation.md counts them apart —
  // except in the folders of STATIC_RUN, whose tables have an oracle that fails at once.
  ignoreStatic: !STATIC_RUN.has(folder),
  // Two cores shared with other work: one or two test processes at a time (GRIDCASE_MUTATE_CONCURRENCY).
  concurrency: Number(process.env.GRIDCASE_MUTATE_CONCURRENCY ?? 2),
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  // The incremental file is the full result too (scripts/mutate/run.ts reads it): checked in, so a
  // rerun on any machine tests only what changed. The HTML report is for looking, not kept.
  reporters: ["html", "clear-text", "progress-append-only"],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  // Only what core's tests need goes into the sandbox (docs/ stays: the oracles quote docs/domain.md).
  ignorePatterns: ["/examples", "/bench", "/reports", "/.stryker-tmp", "/scripts/docs", "/scripts/api"],
  timeoutMS: 30_000,
  // The first run of a folder's tests, with per-test coverage, takes minutes on a shared machine.
  dryRunTimeoutMinutes: 40,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
}
