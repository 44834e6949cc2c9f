/**
 * An application outside the workspace, as docs/getting-started.md has a reader make one: `npm
 * init`, `"type": "module"`, the tarballs and `effect` installed by npm (no workspace links, no
 * `@gridcase/source` condition), compiled by `tsc --strict`.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { must, outsiderEnv } from "./process.ts"

export const npm = (args: ReadonlyArray<string>, cwd: string) =>
  must("npm", args, { cwd, env: outsiderEnv() })

/** The newest effect 4.x the registry serves (not a prerelease): what a new application gets. */
export const newestEffect4 = async (cwd: string): Promise<string> => {
  const versions = JSON.parse(
    await npm(["view", "effect", "versions", "--json"], cwd),
  ) as ReadonlyArray<string>
  const newest = versions
    .filter((version) => /^4\.\d+\.\d+$/.test(version))
    .map((version) => version.split(".").map(Number) as [number, number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
    .at(-1)
  if (newest === undefined) throw new Error("the registry serves no effect 4.x")
  return newest.join(".")
}

/** `npm init -y`, made an ES module project, with the given packages as dependencies and none installed yet. */
export const createProject = async (dir: string, devDependencies: Readonly<Record<string, string>>) => {
  mkdirSync(dir, { recursive: true })
  await npm(["init", "-y"], dir)
  await npm(["pkg", "set", "type=module"], dir)
  for (const [name, version] of Object.entries(devDependencies)) {
    await npm(["pkg", "set", `devDependencies.${name}=${version}`], dir)
  }
}

/** npm install, failing on any conflict (a peer range npm cannot meet is an error, not a warning). */
export const install = (dir: string, specs: ReadonlyArray<string>) =>
  npm(["install", "--no-audit", "--no-fund", ...specs], dir)

export type Resolution = "nodenext" | "bundler"

/**
 * A strict tsconfig over `include`, as docs/getting-started.md has a reader write one:
 * verbatimModuleSyntax and erasableSyntaxOnly make tsc refuse what Node's type stripping would
 * not run as it is (`node escalate.ts`). nodenext resolution emits JavaScript (with source maps,
 * so a failing run points at the sample) into `outDir`; bundler resolution, as Vite or esbuild
 * applications resolve, only type-checks. skipLibCheck is off, so the packages' `.d.ts` are
 * checked as well, and must be complete with only the packages installed.
 */
export const writeTsconfig = (
  dir: string,
  name: string,
  resolution: Resolution,
  include: ReadonlyArray<string>,
  outDir?: string,
): string => {
  const compilerOptions = {
    strict: true,
    target: "es2023",
    lib: ["es2023"],
    types: ["node"],
    skipLibCheck: false,
    verbatimModuleSyntax: true,
    erasableSyntaxOnly: true,
    ...(resolution === "nodenext"
      ? { module: "nodenext", moduleResolution: "nodenext" }
      : { module: "preserve", moduleResolution: "bundler" }),
    ...(outDir === undefined ? { noEmit: true } : { outDir, rootDir: ".", sourceMap: true }),
  }
  const file = join(dir, name)
  writeFileSync(file, `${JSON.stringify({ compilerOptions, include }, null, 2)}\n`)
  return file
}
