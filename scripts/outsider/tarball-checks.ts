/**
 * What is checked on each tarball before anything installs it: the packaging linters, npm's own
 * dry run of a publish, and what the earlier tarballs got wrong (no LICENSE, no README, `node:`
 * stripped from built-in imports, source maps pointing at files the tarball leaves out).
 * Each check returns the problems it found; none is an empty list.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { isBuiltin } from "node:module"
import { dirname, join, relative } from "node:path"
import type { Packed } from "./packages.ts"
import { outsiderEnv, run } from "./process.ts"

const filesUnder = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))

/** A tool's verdict: its exit status, with what it printed when it refused. */
const tool = async (
  name: string,
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
): Promise<ReadonlyArray<string>> => {
  const finished = await run(command, args, { cwd })
  return finished.status === 0 ? [] : [`${name}:\n${finished.output.trim()}`]
}

/**
 * publint --strict: warnings fail too. It checks the exports map against the files shipped, the
 * `type` of each file, and the fields npm and bundlers read.
 */
const publint = (packed: Packed, bin: string) =>
  tool("publint", join(bin, "publint"), ["--strict", packed.tarball], packed.root)

/**
 * Are the Types Wrong, for TypeScript's node16/nodenext and bundler resolution. node10 resolution
 * is left out (`--profile node16`): it cannot see `exports` subpaths at all, and TypeScript 6
 * deprecates it. `cjs-resolves-to-esm` is ignored: attw models `require()` of an ES module as an
 * error, which it was before Node 22.12 and TypeScript 5.8; this check instead requires every
 * subpath on Node and type-checks a `.cts` file that requires them.
 */
const arethetypeswrong = (packed: Packed, bin: string) =>
  tool(
    "attw",
    join(bin, "attw"),
    [
      packed.tarball,
      "--profile",
      "node16",
      "--ignore-rules",
      "cjs-resolves-to-esm",
      "--no-definitely-typed",
      "--format",
      "ascii",
    ],
    packed.root,
  )

/**
 * npm's dry run of a publish of the very tarball: it must pass without a warning, but for the one
 * that says nobody is logged in (nobody is: nothing is published from here).
 */
const publishDryRun = async (packed: Packed): Promise<ReadonlyArray<string>> => {
  const finished = await run("npm", ["publish", packed.tarball, "--dry-run"], {
    cwd: packed.root,
    env: outsiderEnv(),
  })
  const warnings = finished.output
    .split("\n")
    .filter((line) => /^npm (warn|error|ERR)/i.test(line))
    .filter((line) => !/^npm warn publish This command requires you to be logged in/.test(line))
  return finished.status === 0 && warnings.length === 0 ? [] : [`npm publish --dry-run:\n${finished.output}`]
}

/** The files and fields an outsider reads first. */
const metadata = ({ root, manifest }: Packed): ReadonlyArray<string> => [
  ...["LICENSE", "README.md"]
    .filter((file) => !existsSync(join(root, "package", file)))
    .map((file) => `no ${file} in the tarball`),
  ...(["description", "keywords", "license", "engines"] as const)
    .filter((field) => manifest[field] === undefined)
    .map((field) => `package.json has no ${field}`),
  ...Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })
    .filter(([, range]) => range.startsWith("workspace:"))
    .map(([name, range]) => `${name} is still ${range} (pnpm pack should have replaced it)`),
]

const IMPORTED = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g

/** Built-in modules imported without `node:`: `sqlite` exists only as `node:sqlite`. */
const unprefixedBuiltins = ({ root, manifest }: Packed): ReadonlyArray<string> => {
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }))
  return filesUnder(join(root, "package", "dist"))
    .filter((file) => file.endsWith(".js"))
    .flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(IMPORTED)]
        .map((match) => match[1]!)
        .filter((specifier) => !specifier.startsWith("node:") && !specifier.startsWith("."))
        .filter((specifier) => isBuiltin(`node:${specifier}`) && !declared.has(specifier))
        .map((specifier) => `${relative(root, file)} imports "${specifier}", not "node:${specifier}"`),
    )
}

interface SourceMap {
  readonly sources: ReadonlyArray<string>
  readonly sourcesContent?: ReadonlyArray<string | null>
}

/** Every source a map names is either embedded in it or shipped beside it. */
const unresolvedSourceMaps = ({ root }: Packed): ReadonlyArray<string> =>
  filesUnder(join(root, "package"))
    .filter((file) => file.endsWith(".map"))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(file, "utf8")) as SourceMap
      return map.sources
        .filter((_, index) => typeof map.sourcesContent?.[index] !== "string")
        .filter((source) => !existsSync(join(dirname(file), source)))
        .map((source) => `${relative(root, file)} names ${source}, neither embedded nor shipped`)
    })

/** Every problem found in one tarball, each line prefixed with the package's name. */
export const checkTarball = async (packed: Packed, bin: string): Promise<ReadonlyArray<string>> => {
  const found = [
    ...(await publint(packed, bin)),
    ...(await arethetypeswrong(packed, bin)),
    ...(await publishDryRun(packed)),
    ...metadata(packed),
    ...unprefixedBuiltins(packed),
    ...unresolvedSourceMaps(packed),
  ]
  return found.map((problem) => `${packed.manifest.name}: ${problem}`)
}
