/**
 * Compiles every TypeScript sample in the docs, so that none can rot: each ```ts fence of
 * docs/*.md, the READMEs and the packages' doc comments (JSDoc examples, with their ` * ` margin
 * taken off) becomes a module in scripts/docs/.samples/, typechecked against the
 * workspace packages with the repository's strict settings (tsconfig.samples.json). A fence
 * opened as ```ts run is also executed, on the project's Node, and must exit cleanly.
 *
 *     node --conditions=@gridcase/source scripts/docs/check-samples.ts
 *
 * Samples must therefore be whole programs, imports included. Errors are reported at the
 * Markdown file and line the sample came from.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"

const ROOT = resolve(import.meta.dirname, "..", "..")
const SAMPLES = join(ROOT, "scripts", "docs", ".samples")

interface Sample {
  /** Where the fence's first code line is, e.g. `docs/getting-started.md:42`. */
  readonly origin: { readonly path: string; readonly line: number }
  readonly code: string
  readonly run: boolean
  readonly file: string
}

/** Lines the sample file adds before the fence's code: the origin comment. */
const HEADER_LINES = 1

const FENCE = /^```(\S*)(.*)$/

/** A doc comment's line without its ` * ` margin; other lines as they are. */
const JSDOC_MARGIN = /^\s*\* ?/

const extract = (path: string): ReadonlyArray<Omit<Sample, "file">> => {
  const text = readFileSync(join(ROOT, path), "utf8").split("\n")
  const lines = path.endsWith(".ts") ? text.map((line) => line.replace(JSDOC_MARGIN, "")) : text
  const samples: Array<Omit<Sample, "file">> = []
  let open: { language: string; run: boolean; start: number; body: Array<string> } | undefined
  lines.forEach((line, index) => {
    const fence = FENCE.exec(line)
    if (open === undefined) {
      if (fence !== null && fence[1] !== "") {
        open = { language: fence[1]!, run: fence[2]!.trim() === "run", start: index + 2, body: [] }
      }
    } else if (line === "```") {
      if (open.language === "ts" || open.language === "typescript") {
        samples.push({ origin: { path, line: open.start }, code: open.body.join("\n"), run: open.run })
      }
      open = undefined
    } else open.body.push(line)
  })
  return samples
}

/** The packages' sources whose doc comments hold a fenced sample. */
const sourcesWithSamples = (): ReadonlyArray<string> =>
  readdirSync(join(ROOT, "packages"))
    .flatMap((pkg) =>
      (readdirSync(join(ROOT, "packages", pkg, "src"), { recursive: true }) as ReadonlyArray<string>)
        .filter((file) => file.endsWith(".ts"))
        .map((file) => `packages/${pkg}/src/${file}`),
    )
    .filter((path) => /^\s*\* ```ts/m.test(readFileSync(join(ROOT, path), "utf8")))
    .sort()

const documents = (): ReadonlyArray<string> => [
  "README.md",
  ...readdirSync(join(ROOT, "packages"))
    .map((pkg) => `packages/${pkg}/README.md`)
    .filter((path) => existsSync(join(ROOT, path)))
    .sort(),
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
  ...sourcesWithSamples(),
]

const collect = (): ReadonlyArray<Sample> =>
  documents().flatMap((path) =>
    extract(path).map((sample, index) => ({
      ...sample,
      file: `${path
        .replace(/^packages\/(\w+)\/README\.md$/, "$1-readme")
        .replace(/^.*\//, "")
        .replace(/\.(md|ts)$/, "")}-${index + 1}.ts`,
    })),
  )

/** `.samples/getting-started-2.ts(5,3): error …` → `docs/getting-started.md:46:3: error …`. */
const locate = (output: string, samples: ReadonlyArray<Sample>): string =>
  output.replace(
    /(?:scripts\/docs\/)?\.samples\/([^(\s]+\.ts)\((\d+),(\d+)\)/g,
    (whole, file, line, column) => {
      const sample = samples.find((s) => s.file === file)
      if (sample === undefined) return whole
      return `${sample.origin.path}:${sample.origin.line + Number(line) - 1 - HEADER_LINES}:${column}`
    },
  )

const samples = collect()
rmSync(SAMPLES, { recursive: true, force: true })
mkdirSync(SAMPLES, { recursive: true })
for (const sample of samples) {
  // `export {}` makes every sample a module of its own, so two samples may reuse a name.
  const text = `// ${sample.origin.path}:${sample.origin.line}\n${sample.code}\nexport {}\n`
  writeFileSync(join(SAMPLES, sample.file), text)
}

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
  const run = spawnSync(process.execPath, ["--conditions=@gridcase/source", join(SAMPLES, sample.file)], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  })
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
