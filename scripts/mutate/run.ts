/**
 * pnpm mutate [folder…]: StrykerJS over core's folders, one run per folder (default: every folder
 * below), then one line per folder for docs/mutation.md. A run reuses its folder's incremental file,
 * so only mutants whose code or covering tests changed are tested again.
 *
 *   pnpm mutate privacy points         # two folders
 *   pnpm mutate case/decisions         # a part of a folder, with its own results (case-decisions)
 *   pnpm mutate 'case/*.ts'            # the folder's own files, beside its sub-folders (case-files)
 *   GRIDCASE_MUTATE_CONCURRENCY=1 pnpm mutate calendar
 *   pnpm mutate --survivors privacy    # no run: the last results' survivors, to kill or explain
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { cpus } from "node:os"

/** The folders of packages/core/src whose rules issue 15 asks to keep at ≥ 90 % killed. */
const FOLDERS = ["privacy", "points", "calendar", "policy", "deadlines", "authorization", "case"] as const

interface Mutant {
  readonly status: string
  readonly mutatorName: string
  readonly replacement?: string
  readonly location: { readonly start: { readonly line: number } }
}
interface Report {
  readonly files: Record<string, { readonly mutants: ReadonlyArray<Mutant> }>
}

/** The mutants that survived, one a line (file:line, mutator, replacement): the ones to explain or kill. */
const survivors = (folder: string): ReadonlyArray<string> => {
  const path = `reports/mutation/${folder}.incremental.json`
  if (!existsSync(path)) return []
  const report = JSON.parse(readFileSync(path, "utf8")) as Report
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants
      .filter((mutant) => mutant.status === "Survived" || mutant.status === "NoCoverage")
      .map(
        (mutant) =>
          `${file}:${mutant.location.start.line} ${mutant.status} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? "")}`,
      ),
  )
}

/** Counts of a folder's mutants by status, and the share killed among those that ran. */
const summarise = (folder: string): string => {
  const path = `reports/mutation/${folder}.incremental.json`
  if (!existsSync(path)) return `| ${folder} | not run |`
  const report = JSON.parse(readFileSync(path, "utf8")) as Report
  const counts = new Map<string, number>()
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) counts.set(mutant.status, (counts.get(mutant.status) ?? 0) + 1)
  }
  const count = (status: string) => counts.get(status) ?? 0
  const valid = ["Killed", "Survived", "Timeout", "NoCoverage"].reduce(
    (sum, status) => sum + count(status),
    0,
  )
  const score = valid === 0 ? 0 : ((count("Killed") + count("Timeout")) / valid) * 100
  return `| ${folder} | ${valid} | ${count("Killed")} | ${count("Timeout")} | ${count("Survived")} | ${count("NoCoverage")} | ${count("Ignored")} | ${score.toFixed(1)} % |`
}

const listSurvivors = process.argv.includes("--survivors")
const asked = process.argv.slice(2).filter((arg) => arg !== "--" && arg !== "--survivors")
/** A folder, or a sub-folder or file of one that exists: `case/decisions`, `case/evolve.ts`, `case/*.ts`. */
const isTarget = (target: string): boolean =>
  (FOLDERS as ReadonlyArray<string>).includes(target.split("/")[0]!) &&
  existsSync(`packages/core/src/${target.replace(/\/\*\.ts$/, "")}`)
const unknown = asked.filter((target) => !isTarget(target))
if (unknown.length > 0) {
  console.error(
    `unknown folder(s): ${unknown.join(", ")}; choose among ${FOLDERS.join(", ")} or a part of one (case/decisions)`,
  )
  process.exit(2)
}
/** The name of a target's results: `case/decisions` → reports/mutation/case-decisions.incremental.json. */
const resultsName = (target: string): string =>
  target.replaceAll("/", "-").replace("*.ts", "files").replace(/\.ts$/, "")
const folders = asked.length > 0 ? asked : [...FOLDERS]
for (const folder of listSurvivors ? [] : folders) {
  console.log(`\n=== mutating packages/core/src/${folder} ===`)
  const run = spawnSync("node_modules/.bin/stryker", ["run", "stryker.config.mjs"], {
    stdio: "inherit",
    env: { ...process.env, GRIDCASE_MUTATE: folder },
  })
  if (run.status !== 0) console.error(`stryker failed on ${folder} (exit ${run.status})`)
}
console.log(`\n${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`)
console.log("| folder | mutants run | killed | timeout | survived | no coverage | static (not run) | score |")
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |")
for (const folder of folders) console.log(summarise(resultsName(folder)))
if (listSurvivors)
  for (const folder of folders) for (const line of survivors(resultsName(folder))) console.log(line)
