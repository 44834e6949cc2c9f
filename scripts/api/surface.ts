/**
 * Reads a package's public surface from its sources: every name each entry point of its
 * `exports` map offers (namespaces followed, `Case.Event`), with the declaration the compiler
 * would emit for it and whether it carries a doc comment.
 */
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import ts from "typescript"

/** One exported name and the declaration that gives it its type. */
export interface ExportedName {
  /** `Case.Event`, `makeMemoryEventStore`. */
  readonly name: string
  /** The emitted declaration, doc comments removed, renamed to the exported name where aliased. */
  readonly declaration: string
  readonly documented: boolean
  /** Where it is declared, from the repository root. */
  readonly file: string
  /** The name it is declared under there (`CaseEvent` for `Case.Event`). */
  readonly declaredAs: string
}

export interface EntryPoint {
  /** `@gridcase/core`, `@gridcase/adapters/sqlite`. */
  readonly specifier: string
  readonly names: ReadonlyArray<ExportedName>
}

const ROOT = resolve(import.meta.dirname, "..", "..")

const compilerOptions = (): ts.CompilerOptions => {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.base.json"), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT)
  return { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true }
}

/** The source file of each subpath of a package's `exports` map (its `@gridcase/source` condition). */
const entrySources = (packageDir: string): ReadonlyArray<readonly [string, string]> => {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    readonly name: string
    readonly exports: Readonly<Record<string, Readonly<Record<string, string>>>>
  }
  return Object.entries(manifest.exports).flatMap(([subpath, conditions]) => {
    const source = conditions["@gridcase/source"]
    if (source === undefined) return []
    const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`
    return [[specifier, join(packageDir, source)] as const]
  })
}

const printer = ts.createPrinter({ removeComments: true })

/** The declaration files the compiler emits for the program's sources, in memory. */
const emitDeclarations = (program: ts.Program): ReadonlyMap<string, ts.SourceFile> => {
  const emitted = new Map<string, ts.SourceFile>()
  program.emit(
    undefined,
    (fileName, text, _bom, _onError, sources) => {
      const source = sources?.[0]
      if (source === undefined || !fileName.endsWith(".d.ts")) return
      emitted.set(source.fileName, ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true))
    },
    undefined,
    true,
  )
  return emitted
}

const declaredName = (statement: ts.Statement): ReadonlyArray<string> => {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) =>
      ts.isIdentifier(d.name) ? [d.name.text] : [],
    )
  }
  const name = (statement as { readonly name?: ts.Node }).name
  return name !== undefined && ts.isIdentifier(name) ? [name.text] : []
}

/**
 * The emitted statements declaring `name` in a declaration file, printed without comments. A
 * class built by a factory (`Schema.TaggedError`, `Context.Service`) extends a `Name_base`
 * constant the compiler emits beside it: that constant is printed too, since it holds the type.
 */
const emittedDeclaration = (dts: ts.SourceFile, name: string, exportedAs: string): string =>
  dts.statements
    .filter((statement) => {
      const names = declaredName(statement)
      return names.includes(name) || names.includes(`${name}_base`)
    })
    .map((statement) => {
      const text = printer.printNode(ts.EmitHint.Unspecified, statement, dts)
      return name === exportedAs
        ? text
        : text.replaceAll(new RegExp(`\\b${name}(?=\\b|_base)`, "g"), exportedAs)
    })
    .join("\n")

const hasDocComment = (declaration: ts.Declaration): boolean => {
  const holder = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration
  return ts.getJSDocCommentsAndTags(holder).some((node) => ts.isJSDoc(node) && node.comment !== undefined)
}

/** Every public name of every entry point of the packages in `packageDirs`, package by package. */
export const readSurfaces = (
  packageDirs: ReadonlyArray<string>,
): ReadonlyArray<{ readonly packageDir: string; readonly entries: ReadonlyArray<EntryPoint> }> => {
  const byPackage = packageDirs.map((packageDir) => ({ packageDir, sources: entrySources(packageDir) }))
  const program = ts.createProgram(
    byPackage.flatMap(({ sources }) => sources.map(([, source]) => source)),
    compilerOptions(),
  )
  const checker = program.getTypeChecker()
  const emitted = emitDeclarations(program)

  const namesOf = (moduleSymbol: ts.Symbol, prefix: string): ReadonlyArray<ExportedName> =>
    checker
      .getExportsOfModule(moduleSymbol)
      .flatMap((exported): ReadonlyArray<ExportedName> => {
        const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
        const declarations = target.declarations ?? []
        const module = declarations.find(ts.isSourceFile)
        if (module !== undefined) return namesOf(target, `${prefix}${exported.name}.`)
        return declarations.slice(0, 1).map((declaration) => {
          const source = declaration.getSourceFile()
          const dts = emitted.get(source.fileName)
          return {
            name: `${prefix}${exported.name}`,
            declaration:
              dts === undefined
                ? "(no declaration emitted)"
                : emittedDeclaration(dts, target.name, exported.name),
            documented: declarations.some(hasDocComment),
            file: source.fileName.slice(ROOT.length + 1),
            declaredAs: target.name,
          }
        })
      })
      .sort((a, b) => a.name.localeCompare(b.name))

  return byPackage.map(({ packageDir, sources }) => ({
    packageDir,
    entries: sources.map(([specifier, source]) => {
      const file = program.getSourceFile(source)
      const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file)
      if (symbol === undefined) throw new Error(`cannot read the exports of ${source}`)
      return { specifier, names: namesOf(symbol, "") }
    }),
  }))
}

/** The published packages, whose surface the report tracks. */
export const PACKAGES: ReadonlyArray<string> = [
  "packages/core",
  "packages/projections",
  "packages/adapters",
].map((dir) => join(ROOT, dir))

export { ROOT }
