/**
 * Compiles every TypeScript sample in the docs, so that none can rot: each ```ts fence of
 * README.md, docs/*.md, the packages' READMEs and their doc comments (JSDoc examples) becomes a
 * module in scripts/docs/.samples/,
 * typechecked against the workspace packages with the repository's strict settings
 * (tsconfig.samples.json). A fence opened as ```ts run is also executed, on the project's Node,
 * and must exit cleanly, in a directory and a PostgreSQL schema of its own (sample-environment.ts).
 *
 *     node --conditions=@gridcase/source scripts/docs/check-samples.ts
 *
 * Errors are reported at the Markdown file and line the sample came from. The same samples run
 * on the packed packages, outside the workspace, in scripts/outsider/check.ts.
 */
import { spawnSync } from "node:child_process"
import { rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { inSampleEnvironment } from "./sample-environment.ts"
import { collectSamples, locate, writeSamples } from "./samples.ts"

const ROOT = resolve(import.meta.dirname, "..", "..")
const SAMPLES = join(ROOT, "scripts", "docs", ".samples")

const samples = collectSamples(ROOT)
rmSync(SAMPLES, { recursive: true, force: true })
writeSamples(SAMPLES, samples)

const tsc = spawnSync(
  join(ROOT, "node_modules", ".bin", "tsc"),
  ["-p", join(ROOT, "scripts", "docs", "tsconfig.samples.json")],
  { cwd: ROOT, encoding: "utf8" },
)
if (tsc.status !== 0) {
  console.error(`docs: code samples do not compile:\n${locate(tsc.stdout + tsc.stderr, samples)}`)
  console.error(`(the extracted samples are in ${SAMPLES})`)
  process.exit(1)
}

let failed = false
for (const sample of samples.filter((s) => s.run)) {
  const run = await inSampleEnvironment(async ({ cwd, env }) =>
    spawnSync(process.execPath, ["--conditions=@gridcase/source", join(SAMPLES, sample.file)], {
      cwd,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, ...env },
    }),
  )
  if (run.status !== 0) {
    failed = true
    console.error(`docs: the sample at ${sample.origin.path}:${sample.origin.line} failed when run:`)
    console.error(locate(run.stdout + run.stderr, samples))
  }
}
if (failed) process.exit(1)

rmSync(SAMPLES, { recursive: true, force: true })
const ran = samples.filter((s) => s.run).length
console.log(`docs: ${samples.length} code samples compile, ${ran} of them ran cleanly`)
