/**
 * The Node versions the packed packages run on: each package's `engines` floor, exactly (so the
 * minimum it declares is the one proven), and the newest 24 and 26. Each is fetched from the npm
 * registry by npx, as scripts/test-lts.sh does, so no machine needs them installed.
 */
import type { Manifest } from "./packages.ts"
import { must } from "./process.ts"

export type Version = readonly [number, number, number]

export interface Runtime {
  /** What was asked of npx: `22.20.0`, `24`. */
  readonly requested: string
  readonly version: Version
  readonly node: string
}

const LATEST_MAJORS = ["24", "26"]

export const parseVersion = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.replace(/^v/, "").split(".").map(Number)
  return [major, minor, patch]
}

export const showVersion = (version: Version): string => version.join(".")

export const compareVersions = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

/** The least Node a package declares: `>=22.20` → 22.20.0. Anything but one `>=` bound is refused. */
export const floorOf = (manifest: Manifest): Version => {
  const range = manifest.engines?.node
  const bound = range === undefined ? null : /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim())
  if (bound === null) {
    throw new Error(`${manifest.name}: engines.node should be one lower bound (">=22.20"), not ${range}`)
  }
  return parseVersion(bound[1]!)
}

/** Fetches (or finds in npx's cache) each Node the check runs on, and the path of its binary. */
export const fetchRuntimes = async (
  manifests: ReadonlyArray<Manifest>,
  cwd: string,
): Promise<ReadonlyArray<Runtime>> => {
  const floors = [...new Set(manifests.map(floorOf).sort(compareVersions).map(showVersion))]
  const runtimes: Array<Runtime> = []
  // One at a time: npx instances filling the same cache at once can trip over each other.
  for (const requested of [...floors, ...LATEST_MAJORS]) {
    const printed = await must(
      "npx",
      ["-y", "-p", `node@${requested}`, "-c", 'node -p "process.execPath + \\" \\" + process.version"'],
      { cwd },
    )
    const [node, version] = printed.trim().split(" ")
    runtimes.push({ requested, version: parseVersion(version!), node: node! })
  }
  return runtimes
}
