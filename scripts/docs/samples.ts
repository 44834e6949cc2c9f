/**
 * The TypeScript samples of the documentation, as two checks use them: `check-samples.ts` compiles
 * and runs them on the workspace's sources, `scripts/outsider/check.ts` on the packed packages in a
 * project outside the workspace. Both read them from the Markdown at run time, so neither can drift
 * from what a reader sees.
 *
 * A sample is a ```ts (or ```typescript) fence of README.md, docs/*.md, a package's README or a
 * doc comment in a package's sources (with its ` * ` margin taken off); a fence opened as
 * ```ts run is also meant to be executed. Samples are whole programs, imports included.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

export interface Sample {
  /** Where the fence's first code line is, e.g. `docs/getting-started.md:42`. */
  readonly origin: { readonly path: string; readonly line: number }
  readonly code: string
  readonly run: boolean
  /** The module's file name, unique across documents: `docs-getting-started-2.ts`. */
  readonly file: string
}

/** Lines the sample file adds before the fence's code: the origin comment. */
const HEADER_LINES = 1

const FENCE = /^```(\S*)(.*)$/

/** A doc comment's line without its ` * ` margin; other lines as they are. */
const JSDOC_MARGIN = /^\s*\* ?/

const extract = (root: string, path: string): ReadonlyArray<Omit<Sample, "file">> => {
  const text = readFileSync(join(root, path), "utf8").split("\n")
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

const markdownIn = (root: string, folder: string): ReadonlyArray<string> =>
  readdirSync(join(root, folder))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `${folder}/${name}`)

/** The folders under packages/ (beside them lies the build config they share). */
const packageNames = (root: string): ReadonlyArray<string> =>
  readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)

/** The packages' sources whose doc comments hold a fenced sample. */
const sourcesWithSamples = (root: string): ReadonlyArray<string> =>
  packageNames(root)
    .flatMap((pkg) =>
      (readdirSync(join(root, "packages", pkg, "src"), { recursive: true }) as ReadonlyArray<string>)
        .filter((file) => file.endsWith(".ts"))
        .map((file) => `packages/${pkg}/src/${file}`),
    )
    .filter((path) => /^\s*\* ```ts/m.test(readFileSync(join(root, path), "utf8")))
    .sort()

/** README.md, each package's README (what npm shows for it), the pages of docs/, doc comments. */
const documents = (root: string): ReadonlyArray<string> => [
  "README.md",
  ...packageNames(root)
    .map((pkg) => `packages/${pkg}/README.md`)
    .filter((path) => existsSync(join(root, path)))
    .sort(),
  ...markdownIn(root, "docs"),
  ...sourcesWithSamples(root),
]

/** Every sample of the documentation under `root`, in document order. */
export const collectSamples = (root: string): ReadonlyArray<Sample> =>
  documents(root).flatMap((path) =>
    extract(root, path).map((sample, index) => ({
      ...sample,
      file: `${path.replace(/\.(md|ts)$/, "").replaceAll("/", "-")}-${index + 1}.ts`,
    })),
  )

/** Writes each sample to `dir` as a module of its own (`export {}`), so two samples may reuse a name. */
export const writeSamples = (dir: string, samples: ReadonlyArray<Sample>): void => {
  mkdirSync(dir, { recursive: true })
  for (const sample of samples) {
    const text = `// ${sample.origin.path}:${sample.origin.line}\n${sample.code}\nexport {}\n`
    writeFileSync(join(dir, sample.file), text)
  }
}

/**
 * Points a compiler's or a stack trace's position in a written sample at the Markdown it came
 * from: `samples/docs-getting-started-2.ts(5,3)` or `…/docs-getting-started-2.ts:5:3` →
 * `docs/getting-started.md:46:3`.
 */
export const locate = (output: string, samples: ReadonlyArray<Sample>): string =>
  output.replace(
    /(?:[^\s(]*\/)?([\w.-]+)\.(?:ts|js)(?:\((\d+),(\d+)\)|:(\d+):(\d+))/g,
    (whole, name: string, ...position: Array<string | undefined>) => {
      const sample = samples.find((s) => s.file === `${name}.ts`)
      const [line, column] = position[0] === undefined ? [position[2], position[3]] : position
      if (sample === undefined || line === undefined) return whole
      return `${sample.origin.path}:${sample.origin.line + Number(line) - 1 - HEADER_LINES}:${column}`
    },
  )

/** The package names and subpaths a sample imports (`@gridcase/core/testing`, `effect`, `node:fs`). */
export const importsOf = (sample: Sample): ReadonlyArray<string> =>
  [...sample.code.matchAll(/^\s*(?:import|export)\b[^"]*?"([^"]+)"/gm)].map((match) => match[1]!)
