/**
 * Writes the generated parts of docs/: the whole event and command catalog, and the generated
 * regions of the concepts page (case state diagram, escalation ladder), the policy page (the
 * default policy's published numbers and its local settings, apart) and the glossary (the index
 * of Chinese terms in the code, the case categories).
 *
 *     node --conditions=@gridcase/source scripts/docs/generate.ts           # write
 *     node --conditions=@gridcase/source scripts/docs/generate.ts --check   # compare only
 *
 * With `--check` nothing is written: it exits 1, naming the stale files, when what is checked
 * in differs from what the code generates now.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import * as core from "@gridcase/core"
import { findAggregates } from "./aggregates.ts"
import { renderCatalog } from "./catalog.ts"
import { readDocComments } from "./doc-comments.ts"
import { EXPLORATIONS } from "./explorations.ts"
import type { Transition } from "./explore.ts"
import { formatMarkdown } from "./format.ts"
import { categoriesTable, codeTermsIndex } from "./glossary-index.ts"
import { ladderDiagram } from "./ladder-diagram.ts"
import { fanTable, lifecycleDiagram } from "./lifecycle-diagram.ts"
import { localTable, publishedTable } from "./policy-tables.ts"
import { replaceRegion } from "./regions.ts"

const ROOT = resolve(import.meta.dirname, "..", "..")

const mermaid = (diagram: string) => `\`\`\`mermaid\n${diagram}\n\`\`\``

/** Every generated page as it should be now: path → content. */
const generatedPages = (): ReadonlyMap<string, string> => {
  const docs = readDocComments(ROOT)
  const aggregates = findAggregates(core)
  const explored = new Map<string, ReadonlyArray<Transition>>()
  for (const aggregate of aggregates) {
    const run = EXPLORATIONS[aggregate.name]
    if (run === undefined) console.warn(`docs: no exploration for the ${aggregate.name} aggregate`)
    else explored.set(aggregate.name, run().transitions)
  }
  const caseTransitions = explored.get("Case")
  if (caseTransitions === undefined) throw new Error("the Case aggregate was not found or not explored")

  const pages = new Map<string, string>()
  pages.set("docs/catalog.md", renderCatalog({ aggregates, explored, docs }))

  const regions: ReadonlyArray<readonly [string, string, string]> = [
    ["docs/concepts.md", "case-lifecycle", mermaid(lifecycleDiagram(caseTransitions))],
    ["docs/concepts.md", "case-fans", fanTable(caseTransitions)],
    ["docs/concepts.md", "escalation-ladder", mermaid(ladderDiagram(core.Escalation.defaultPolicy))],
    ["docs/policy.md", "policy-published", publishedTable(core.Escalation.DEFAULT_POLICY_DATA)],
    ["docs/policy.md", "policy-local", localTable(core.Escalation.DEFAULT_POLICY_DATA)],
    ["docs/glossary.md", "categories", categoriesTable(core.Case.CATEGORIES)],
    ["docs/glossary.md", "code-terms", codeTermsIndex(docs)],
  ]
  for (const [path, name, content] of regions) {
    const page = pages.get(path) ?? readFileSync(join(ROOT, path), "utf8")
    pages.set(path, replaceRegion(page, path, name, content))
  }
  return new Map([...pages].map(([path, page]) => [path, formatMarkdown(ROOT, path, page)]))
}

const check = process.argv.includes("--check")
const stale: Array<string> = []
for (const [path, content] of generatedPages()) {
  const file = join(ROOT, path)
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined
  if (current === content) continue
  if (check) stale.push(path)
  else {
    writeFileSync(file, content)
    console.log(`docs: wrote ${path}`)
  }
}
if (stale.length > 0) {
  console.error(
    `docs: ${stale.join(", ")} ${stale.length === 1 ? "is" : "are"} stale: the code changed since ${stale.length === 1 ? "it was" : "they were"} generated.\nRun \`pnpm docs:generate\` and commit the result.`,
  )
  process.exit(1)
}
if (check) console.log("docs: generated pages are up to date")
