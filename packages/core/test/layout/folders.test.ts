import { readdirSync, readFileSync } from "node:fs"
import { join, relative, resolve, sep } from "node:path"
import { describe, expect, it } from "vitest"

/**
 * The order CONTRIBUTING.md gives core's folders: each may import only from folders before it, so
 * calendar and policy stand below the case, and the deadline process above it.
 */
const ORDER = [
  "shared",
  "internal",
  "store",
  "services",
  "handler",
  "calendar",
  "policy",
  "privacy",
  "territory",
  "case",
  "intake",
  "resident",
  "points",
  "campaign",
  "deadlines",
  "authorization",
  "facade",
  "testing",
]

const SRC = resolve(import.meta.dirname, "..", "..", "src")
const IMPORT = /(?:from|import)\s+"(\.{1,2}\/[^"]+)"/g

const filesIn = (folder: string): ReadonlyArray<string> =>
  (readdirSync(join(SRC, folder), { recursive: true }) as ReadonlyArray<string>)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(SRC, folder, file))

/** The top-level entry of `src` a relative import of `file` lands in: a folder, or a root module. */
const landsIn = (file: string, specifier: string): string =>
  relative(SRC, resolve(file, "..", specifier)).split(sep)[0]!

describe("core's folders", () => {
  it("are exactly the ones the order names", () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory())
    expect(folders.map((entry) => entry.name).sort()).toEqual([...ORDER].sort())
  })

  it.each(ORDER)("%s imports only from the folders before it", (folder) => {
    const allowed = new Set(ORDER.slice(0, ORDER.indexOf(folder) + 1))
    const offending = filesIn(folder).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(IMPORT)]
        .map((match) => landsIn(file, match[1]!))
        .filter((target) => !allowed.has(target))
        .map((target) => `${relative(SRC, file)} imports ${target}`),
    )
    expect(offending).toEqual([])
  })

  it("hold no namespace module: those stand at the root, above every folder", () => {
    const rootModules = readdirSync(SRC).filter((name) => /^[A-Z]\w*\.ts$/.test(name))
    expect(rootModules.length).toBeGreaterThan(10)
    const inFolders = ORDER.flatMap(filesIn).filter((file) => /\/[A-Z]\w*\.ts$/.test(file))
    expect(inFolders).toEqual([])
  })

  it("are reached from outside only through the namespace modules", () => {
    const index = readFileSync(join(SRC, "index.ts"), "utf8")
    const exported = [...index.matchAll(/^export \* as (\w+) from "\.\/(\w+)\.ts"$/gm)]
    expect(exported.length).toBeGreaterThan(10)
    expect(exported.every(([, name, file]) => name === file)).toBe(true)
    expect(index.replace(/\/\*\*[\s\S]*?\*\//g, "").match(/^export .*/gm)).toHaveLength(exported.length)
  })
})
