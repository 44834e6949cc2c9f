import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import ts from "typescript"

/**
 * One documented name in the sources: a declaration with a doc comment (`/** … *\/`), or a
 * string literal of a union type with a trailing line comment (`| "reported" // 已上报`).
 */
export interface DocComment {
  /** `CaseEvent.CaseReported`, `CaseStatus."reported"`, `makePolicy`… */
  readonly name: string
  /** Path from the repository root, e.g. `packages/core/src/case/events.ts`. */
  readonly file: string
  readonly text: string
}

/** Source folders whose doc comments make the glossary: the packages' public code, not their test kits. */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "testing", "test"])

const sourceFiles = (folder: string): ReadonlyArray<string> =>
  readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(path)
      return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : []
    })
    .sort()

const nameOf = (node: ts.Node): string | undefined => {
  const name = (node as { readonly name?: ts.Node }).name
  if (name === undefined) return undefined
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text
  return undefined
}

/** The declarations a doc comment can name. */
const isNamedDeclaration = (node: ts.Node): boolean =>
  ts.isVariableDeclaration(node) ||
  ts.isFunctionDeclaration(node) ||
  ts.isClassDeclaration(node) ||
  ts.isInterfaceDeclaration(node) ||
  ts.isTypeAliasDeclaration(node) ||
  ts.isPropertyAssignment(node) ||
  ts.isPropertySignature(node) ||
  ts.isPropertyDeclaration(node) ||
  ts.isMethodSignature(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isEnumMember(node) ||
  ts.isShorthandPropertyAssignment(node)

/** `a.b.c` for a member, from the names of its enclosing declarations. */
const qualifiedName = (node: ts.Node): string | undefined => {
  const own = nameOf(node)
  if (own === undefined) return undefined
  const parts = [own]
  for (let parent = node.parent; parent !== undefined; parent = parent.parent) {
    if (isNamedDeclaration(parent)) {
      const name = nameOf(parent)
      if (name !== undefined) parts.unshift(name)
    }
  }
  return parts.join(".")
}

const jsDocText = (node: ts.Node): string | undefined => {
  // A variable's doc comment sits on its statement.
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node
  const docs = ts.getJSDocCommentsAndTags(holder).filter(ts.isJSDoc)
  const texts = docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "").filter((text) => text !== "")
  return texts.length === 0 ? undefined : texts.join("\n")
}

/** `// text` right after a union member such as `| "reported" // 已上报, awaiting 立案`. */
const trailingLineComment = (source: ts.SourceFile, node: ts.Node): string | undefined => {
  const ranges = ts.getTrailingCommentRanges(source.text, node.end) ?? []
  const line = ranges.find((range) => range.kind === ts.SyntaxKind.SingleLineCommentTrivia)
  return line === undefined ? undefined : source.text.slice(line.pos + 2, line.end).trim()
}

const collect = (root: string, path: string): ReadonlyArray<DocComment> => {
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true)
  const file = relative(root, path)
  const found: Array<DocComment> = []
  const visit = (node: ts.Node): void => {
    if (isNamedDeclaration(node)) {
      const name = qualifiedName(node)
      const text = jsDocText(node)
      if (name !== undefined && text !== undefined) found.push({ name, file, text })
    }
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal) && ts.isUnionTypeNode(node.parent)) {
      const alias = node.parent.parent
      const text = trailingLineComment(source, node)
      if (ts.isTypeAliasDeclaration(alias) && text !== undefined) {
        found.push({ name: `${alias.name.text}."${node.literal.text}"`, file, text })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Every doc comment in `packages/<package>/src`, in file order. */
export const readDocComments = (root: string): ReadonlyArray<DocComment> => {
  const packages = readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, "packages", entry.name, "src"))
  return packages.flatMap((folder) => {
    try {
      return sourceFiles(folder).flatMap((path) => collect(root, path))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return []
      throw error
    }
  })
}
