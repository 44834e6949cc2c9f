import { spawnSync } from "node:child_process"
import { join } from "node:path"

/**
 * Formats a Markdown page as biome (the repository's formatter) would, so that generated
 * pages are already in the shape `pnpm format` gives them and never look stale after it.
 */
export const formatMarkdown = (root: string, path: string, text: string): string => {
  const biome = join(root, "node_modules", ".bin", "biome")
  const result = spawnSync(biome, ["format", `--stdin-file-path=${path}`], { input: text, encoding: "utf8" })
  if (result.status !== 0) {
    throw new Error(`biome could not format ${path}:\n${result.stderr}${result.stdout}`)
  }
  return result.stdout
}
