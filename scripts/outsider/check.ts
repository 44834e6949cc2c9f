/**
 * The outsider's path: the packages as someone outside this repository gets them. Nothing here
 * sees the workspace's links or the `@gridcase/source` condition, so this is the one check that
 * runs the built `dist` — which is what an application loads.
 *
 *     node scripts/outsider/check.ts        (pnpm test:outsider; part of pnpm test)
 *
 * 1. Builds and packs every publishable package (pnpm pack, into a directory under the system's
 *    temporary one), and checks each tarball: publint, Are the Types Wrong, `npm publish
 *    --dry-run`, LICENSE and README, metadata, `node:` imports, source maps (tarball-checks.ts).
 * 2. Fetches the Node versions it runs on: each package's engines floor, and the newest 24 and 26.
 * 3. Makes an application there with `npm init`, and installs the tarballs with npm, with the
 *    newest effect 4.x the registry serves. Without any optional peer, the subpaths that promise
 *    to need none are type-checked and loaded by `import` and by `require()` on every Node.
 * 4. Adds the optional peers the samples use (pg, @types/pg, fast-check, at the newest version
 *    their peer ranges allow), and takes every runnable sample of the docs and READMEs, read
 *    from the Markdown now (scripts/docs/samples.ts): type-checks them with `tsc --strict` under
 *    nodenext and bundler resolution, and runs each on every Node it supports, in a directory
 *    and a PostgreSQL schema of its own. Any sample that exits non-zero fails the check, with
 *    its output pointed back at the Markdown line.
 *
 * Everything it made is removed at the end, failed or not.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { inSampleEnvironment } from "../docs/sample-environment.ts"
import { collectSamples, importsOf, locate, type Sample, writeSamples } from "../docs/samples.ts"
import { buildAndPack, type Manifest, type Packed, packageOf, specifiersOf } from "./packages.ts"
import { writeLoadProbes, writeTypeProbes } from "./probes.ts"
import { inPool, outsiderEnv, run } from "./process.ts"
import { createProject, install, newestEffect4, npm, type Resolution, writeTsconfig } from "./project.ts"
import {
  compareVersions,
  fetchRuntimes,
  floorOf,
  type Runtime,
  showVersion,
  type Version,
} from "./runtimes.ts"
import { checkTarball } from "./tarball-checks.ts"

const ROOT = resolve(import.meta.dirname, "..", "..")
const BIN = join(ROOT, "node_modules", ".bin")

/** What the READMEs promise loads with no optional peer installed: no pg, no fast-check, no client. */
const WITHOUT_OPTIONAL_PEERS = [
  "@gridcase/core",
  "@gridcase/core/testing",
  "@gridcase/adapters/memory",
  "@gridcase/adapters/sqlite",
  "@gridcase/projections",
  "@gridcase/projections/sqlite",
]
/** The optional peers the samples use, installed for the second round. */
const SAMPLE_PEERS = ["pg", "@types/pg", "fast-check"]
/** Loaded once SAMPLE_PEERS are installed. */
const WITH_SAMPLE_PEERS = [
  "@gridcase/core/testing/arbitraries",
  "@gridcase/adapters/postgres",
  "@gridcase/projections/postgres",
]
/** Left to publint and attw: loading them needs what no sample uses. */
const NOT_LOADED: Readonly<Record<string, string>> = {
  "@gridcase/adapters/eventstoredb": "@eventstore/db-client",
  "@gridcase/adapters/kurrentdb": "@kurrent/kurrentdb-client",
  "@gridcase/adapters/testing": "vitest",
}

const PARALLEL = 2
const started = performance.now()
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`

const step = async <A>(name: string, work: () => Promise<A>): Promise<A> => {
  const since = performance.now()
  const result = await work()
  console.log(`outsider: ${name} (${seconds(since)})`)
  return result
}

class CheckFailed extends Error {}

const fail = (what: string, problems: ReadonlyArray<string>): void => {
  if (problems.length > 0) throw new CheckFailed(`${what}:\n\n${problems.join("\n\n")}`)
}

/** Every exported subpath is in exactly one of the lists above, so a new one cannot go unloaded. */
const checkClassification = (packed: ReadonlyArray<Packed>): void => {
  const exported = packed.flatMap(({ manifest }) => specifiersOf(manifest)).sort()
  const classified = [...WITHOUT_OPTIONAL_PEERS, ...WITH_SAMPLE_PEERS, ...Object.keys(NOT_LOADED)].sort()
  if (exported.join() !== classified.join()) {
    fail("the exported subpaths are not the ones scripts/outsider/check.ts loads", [
      `exported:   ${exported.join(", ")}`,
      `classified: ${classified.join(", ")}`,
    ])
  }
}

/** The range a package asks for an optional peer in, e.g. pg → ^8.23.1. */
const peerRange = (manifests: ReadonlyArray<Manifest>, peer: string): string => {
  const range = manifests.map((manifest) => manifest.peerDependencies?.[peer]).find((r) => r !== undefined)
  if (range === undefined) throw new Error(`no package names ${peer} as a peer dependency`)
  return range
}

/** The least Node a specifier may run on: the floor of the package it names, or the highest floor. */
const floorFor = (manifests: ReadonlyArray<Manifest>, specifiers: ReadonlyArray<string>): Version => {
  const named = manifests.filter(({ name }) => specifiers.some((s) => packageOf(s) === name))
  return (named.length > 0 ? named : manifests).map(floorOf).sort(compareVersions).at(-1)!
}

const supports = (runtime: Runtime, floor: Version) => compareVersions(runtime.version, floor) >= 0

const typecheck = async (app: string, name: string, include: ReadonlyArray<string>, outDir?: string) => {
  const resolutions: ReadonlyArray<Resolution> = ["nodenext", "bundler"]
  const problems = await Promise.all(
    resolutions.map(async (resolution) => {
      const emit = resolution === "nodenext" ? outDir : undefined
      const tsconfig = writeTsconfig(app, `tsconfig.${name}.${resolution}.json`, resolution, include, emit)
      const finished = await run(join(BIN, "tsc"), ["-p", tsconfig], { cwd: app })
      return finished.status === 0 ? [] : [`tsc --strict, ${resolution} resolution:\n${finished.output}`]
    }),
  )
  return problems.flat()
}

/** Loads `specifiers` by import and by require on every Node that their packages support. */
const load = async (
  runtimes: ReadonlyArray<Runtime>,
  manifests: ReadonlyArray<Manifest>,
  specifiers: ReadonlyArray<string>,
  app: string,
): Promise<ReadonlyArray<string>> => {
  const probes = writeLoadProbes(join(app, "probes"))
  const runs = runtimes.flatMap((runtime) => {
    const loadable = specifiers.filter((s) => supports(runtime, floorFor(manifests, [s])))
    return loadable.length === 0
      ? []
      : [probes.esm, probes.cjs].map((probe) => ({ runtime, probe, loadable }))
  })
  const outcomes = await inPool(runs, PARALLEL, async ({ runtime, probe, loadable }) => {
    const finished = await run(runtime.node, [probe, ...loadable], {
      cwd: app,
      env: outsiderEnv(),
      timeoutMillis: 60_000,
    })
    const how = probe === probes.esm ? "import" : "require()"
    return finished.status === 0
      ? []
      : [`${how} on Node ${showVersion(runtime.version)}:\n${finished.output}`]
  })
  return outcomes.flat()
}

/** Runs each sample on every Node its packages support; returns the failures and the number of runs. */
const runSamples = async (
  runtimes: ReadonlyArray<Runtime>,
  manifests: ReadonlyArray<Manifest>,
  samples: ReadonlyArray<Sample>,
  app: string,
): Promise<{ readonly failures: ReadonlyArray<string>; readonly runs: number }> => {
  const runs = runtimes.flatMap((runtime) =>
    samples
      .filter((sample) => supports(runtime, floorFor(manifests, importsOf(sample))))
      .map((sample) => ({ runtime, sample })),
  )
  const outcomes = await inPool(runs, PARALLEL, ({ runtime, sample }) =>
    inSampleEnvironment(async ({ cwd, env }) => {
      const compiled = join(app, "out", "samples", sample.file.replace(/\.ts$/, ".js"))
      const finished = await run(runtime.node, ["--enable-source-maps", compiled], {
        cwd,
        env: outsiderEnv(env),
        timeoutMillis: 60_000,
      })
      if (finished.status === 0) return []
      const { path, line } = sample.origin
      return [`${path}:${line} on Node ${showVersion(runtime.version)}:\n${locate(finished.output, samples)}`]
    }),
  )
  return { failures: outcomes.flat(), runs: runs.length }
}

const rootDevDependency = (name: string): string => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>
  }
  const version = manifest.devDependencies[name]
  if (version === undefined) throw new Error(`the root package.json has no devDependency ${name}`)
  return version
}

const scratch = mkdtempSync(join(tmpdir(), "gridcase-outsider-"))
try {
  const packed = await step("built and packed the packages", () => buildAndPack(ROOT, join(scratch, "packs")))
  const manifests = packed.map(({ manifest }) => manifest)
  checkClassification(packed)

  const tarballProblems = await step("publint, attw and npm publish --dry-run on each tarball", async () =>
    (await Promise.all(packed.map((p) => checkTarball(p, BIN)))).flat(),
  )
  fail("the tarballs have problems", tarballProblems)

  const runtimes = await step("fetched Node", () => fetchRuntimes(manifests, scratch))
  console.log(
    `outsider: Node ${runtimes.map((r) => `${showVersion(r.version)} (${r.requested})`).join(", ")}`,
  )

  const app = join(scratch, "app")
  const effect = await newestEffect4(scratch)
  await createProject(app, { "@types/node": rootDevDependency("@types/node") })
  await step(`npm installed ${packed.length} tarballs and effect ${effect}`, () =>
    install(app, [...packed.map((p) => p.tarball), `effect@${effect}`]),
  )

  await step("without optional peers: type-checked, imported and required", async () => {
    writeTypeProbes(join(app, "without-peers"), WITHOUT_OPTIONAL_PEERS)
    fail("without optional peers, tsc", await typecheck(app, "without-peers", ["without-peers"]))
    fail("without optional peers, loading", await load(runtimes, manifests, WITHOUT_OPTIONAL_PEERS, app))
  })

  const peers = SAMPLE_PEERS.map((peer) => `${peer}@${peerRange(manifests, peer)}`)
  await step(`npm installed ${peers.join(" ")}`, () => install(app, peers))
  const installed = JSON.parse(await npm(["ls", "--depth=0", "--json"], app)) as {
    readonly dependencies: Readonly<Record<string, { readonly version: string }>>
  }
  const versions = Object.entries(installed.dependencies).map(([name, { version }]) => `${name}@${version}`)
  console.log(`outsider: the application has ${versions.join(", ")}`)

  const samples = collectSamples(ROOT).filter((sample) => sample.run)
  await step(`${samples.length} samples type-checked (nodenext, bundler) and compiled`, async () => {
    writeSamples(join(app, "samples"), samples)
    writeTypeProbes(join(app, "with-peers"), WITH_SAMPLE_PEERS)
    const problems = await typecheck(app, "samples", ["samples", "with-peers"], "out")
    fail(
      "the samples do not type-check",
      problems.map((problem) => locate(problem, samples)),
    )
    fail("with the samples' peers, loading", await load(runtimes, manifests, WITH_SAMPLE_PEERS, app))
  })

  const { failures, runs } = await step("samples run", () => runSamples(runtimes, manifests, samples, app))
  fail("samples failed on the packed packages", failures)

  console.log(
    `outsider: ${packed.length} packages packed and checked, ${samples.length} samples in ${runs} runs on ` +
      `${runtimes.length} Node versions: all passed in ${seconds(started)}`,
  )
} catch (error) {
  if (!(error instanceof CheckFailed)) throw error
  console.error(`outsider: ${error.message}`)
  process.exitCode = 1
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
