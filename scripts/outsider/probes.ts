/**
 * Probes that load subpaths the way an application does: `import` from an ES module, `require()`
 * from CommonJS (which the exports' `default` condition allows on Node ≥ 22.12), and the same
 * two in TypeScript for the type-check. Each fails with a non-zero exit naming every subpath
 * that did not load or exported nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const loader = (load: string) => `const failed = []
for (const specifier of process.argv.slice(2)) {
  try {
    const loaded = ${load}
    if (Object.keys(loaded).length === 0) failed.push(specifier + ": exports nothing")
  } catch (error) {
    failed.push(specifier + ": " + error.message)
  }
}
if (failed.length > 0) {
  console.error(failed.join("\\n"))
  process.exit(1)
}
`

export interface Probes {
  /** Loaded by `import()`, from an ES module; the specifiers are its arguments. */
  readonly esm: string
  /** Loaded by `require()`, from CommonJS. */
  readonly cjs: string
}

/** Writes the runtime probes into `dir`. */
export const writeLoadProbes = (dir: string): Probes => {
  mkdirSync(dir, { recursive: true })
  const esm = join(dir, "load.mjs")
  const cjs = join(dir, "load.cjs")
  writeFileSync(esm, loader("await import(specifier)"))
  writeFileSync(cjs, `"use strict"\n${loader("require(specifier)")}`)
  return { esm, cjs }
}

/** Writes TypeScript that imports (`.mts`) and requires (`.cts`) each specifier, for tsc to resolve. */
export const writeTypeProbes = (dir: string, specifiers: ReadonlyArray<string>): void => {
  mkdirSync(dir, { recursive: true })
  const names = specifiers.map((_, index) => `loaded${index}`)
  writeFileSync(
    join(dir, "import.mts"),
    `${specifiers.map((specifier, index) => `import * as ${names[index]} from "${specifier}"`).join("\n")}\n` +
      `export const loaded = [${names.join(", ")}]\n`,
  )
  // `typeof import()` in a CommonJS file resolves as require() does (and stays erasable, unlike
  // `import x = require()`), so this fails if a subpath's types cannot be found from CommonJS.
  writeFileSync(
    join(dir, "require.cts"),
    specifiers
      .map(
        (specifier, index) =>
          `const ${names[index]}: typeof import("${specifier}") = require("${specifier}")\n` +
          `console.log(Object.keys(${names[index]}).length)\n`,
      )
      .join(""),
  )
}
