/**
 * Summarises V8 CPU profiles (written by `pnpm bench --profile`, or `node --cpu-prof`):
 * the functions with the most self time, and self time per source area (a gridcase package,
 * effect, pg, node internals…), so a finding can name the file and function to change.
 *
 *   node bench/src/profile-summary.ts bench/.data/profiles/<job>/   [top N, default 25]
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
}
interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const [target, topArg] = process.argv.slice(2)
if (target === undefined) throw new Error("usage: profile-summary.ts <profile file or folder> [top]")
const top = Number(topArg ?? 25)
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((name) => name.endsWith(".cpuprofile"))
      .map((name) => join(target, name))
  : [target]

/** Where a frame's code lives, coarse enough to say whose time it is. */
const areaOf = (url: string): string => {
  if (url === "") return "(native / garbage collection / idle)"
  if (url.startsWith("node:")) return "node internals"
  const workspace = url.match(/\/(packages|bench|examples)\/([^/]+)\/(src\/)?([^/]+)/)
  if (workspace !== null && !url.includes("node_modules"))
    return `${workspace[1]}/${workspace[2]}/${workspace[4]}`
  const dependency = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/)
  return dependency === null ? url : dependency[1]!
}

const self = new Map<string, number>()
const areas = new Map<string, number>()
let total = 0
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame
    const micros = profile.timeDeltas[index] ?? 0
    total += micros
    const place =
      frame.url === ""
        ? ""
        : ` ${frame.url.replace(/^file:\/\/.*?\/(node_modules|packages|bench)\//, "$1/")}:${frame.lineNumber + 1}`
    const key = `${frame.functionName || "(anonymous)"}${place}`
    self.set(key, (self.get(key) ?? 0) + micros)
    const area = areaOf(frame.url)
    areas.set(area, (areas.get(area) ?? 0) + micros)
  })
}

const show = (entries: Map<string, number>, count: number) =>
  [...entries.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, micros]) =>
        `${((micros / total) * 100).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`,
    )
    .join("\n")

console.log(
  `${files.length} profile(s), ${(total / 1000).toFixed(0)} ms sampled\n\nself time by area:\n${show(areas, 15)}\n\nself time by function:\n${show(self, top)}`,
)
