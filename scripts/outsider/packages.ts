/** The publishable packages as npm would receive them: built, packed by pnpm, and unpacked to read. */
import { mkdirSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { must } from "./process.ts"

export interface Manifest {
  readonly name: string
  readonly version: string
  readonly description?: string
  readonly keywords?: ReadonlyArray<string>
  readonly license?: string
  readonly engines?: { readonly node?: string }
  readonly exports: Readonly<Record<string, unknown>>
  readonly dependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>
}

export interface Packed {
  readonly tarball: string
  /** Where the tarball is unpacked: its files are under `${unpacked}/package`. */
  readonly root: string
  readonly manifest: Manifest
}

/** The `npx -y pnpm@10` every README command uses, so the check needs no pnpm of its own. */
export const pnpm = (args: ReadonlyArray<string>, cwd: string) =>
  must("npx", ["-y", "pnpm@10", ...args], { cwd })

/** Builds every package under packages/ and packs each that is not private into `into`. */
export const buildAndPack = async (workspace: string, into: string): Promise<ReadonlyArray<Packed>> => {
  await pnpm(["run", "build"], workspace)
  await pnpm(["-r", "--filter", "./packages/**", "pack", "--pack-destination", into], workspace)
  const tarballs = readdirSync(into).filter((name) => name.endsWith(".tgz"))
  if (tarballs.length === 0) throw new Error(`pnpm pack wrote no tarball into ${into}`)
  return Promise.all(
    tarballs.sort().map(async (name) => {
      const tarball = join(into, name)
      const root = join(into, name.replace(/\.tgz$/, ""))
      mkdirSync(root)
      await must("tar", ["-xzf", tarball, "-C", root], { cwd: into })
      const manifest = JSON.parse(readFileSync(join(root, "package", "package.json"), "utf8")) as Manifest
      return { tarball, root, manifest }
    }),
  )
}

/** `@gridcase/adapters/memory` for the export `./memory` of `@gridcase/adapters`. */
export const specifiersOf = (manifest: Manifest): ReadonlyArray<string> =>
  Object.keys(manifest.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`))

/** The package a specifier names: `@gridcase/core/testing` → `@gridcase/core`, `node:fs` → `node:fs`. */
export const packageOf = (specifier: string): string =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/")
