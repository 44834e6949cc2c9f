import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

/**
 * The folder of an installed package, as seen from `from` (a file path). Found from its entry
 * point, since Emmett's packages do not export their package.json.
 */
export const packageDir = (name: string, from: string): string => {
  let dir = dirname(createRequire(from).resolve(name))
  for (;;) {
    const manifest = join(dir, "package.json")
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name
    ) {
      return dir
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the folder of ${name}`)
    dir = parent
  }
}

export const packageVersion = (name: string, from: string): string =>
  (JSON.parse(readFileSync(join(packageDir(name, from), "package.json"), "utf8")) as { version: string })
    .version
