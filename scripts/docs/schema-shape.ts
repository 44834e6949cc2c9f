import { SchemaAST } from "effect"

/** One field of a struct, as the catalog shows it. */
export interface FieldShape {
  readonly name: string
  /** The type in TypeScript-like notation; named types (`Level`, `CaseId`) keep their name. */
  readonly type: string
  readonly optional: boolean
  /** What the checks demand beyond the type ("length between 1 and 2000"), for unnamed types. */
  readonly constraints: ReadonlyArray<string>
}

/** A type with an `identifier` annotation, described once in the catalog and named everywhere else. */
export interface NamedType {
  readonly name: string
  /** Its definition: the literal union, the base type with its checks, or its fields. */
  readonly definition: string
  readonly constraints: ReadonlyArray<string>
  readonly fields: ReadonlyArray<FieldShape>
}

/** Named types met while describing fields, by name; filled as a side effect of {@link describeFields}. */
export type NamedTypes = Map<string, NamedType>

/** "a value with a length between 1 and 2000" → "length between 1 and 2000". */
const constraintText = (expected: string): string => expected.replace(/^a value (with a |that is )?/, "")

/** The checks on a node, and on the items of an array ("each: length of at most 2000"). */
const checksOf = (ast: SchemaAST.AST): ReadonlyArray<string> => {
  const own = (ast.checks ?? []).flatMap((check) => {
    const expected = check.annotations?.expected
    return typeof expected === "string" && expected !== "an integer" ? [constraintText(expected)] : []
  })
  const item = SchemaAST.isArrays(ast) ? ast.rest[0] : undefined
  const itemChecks =
    item === undefined || SchemaAST.resolveIdentifier(item) !== undefined ? [] : checksOf(item)
  return [...own, ...itemChecks.map((text) => `each: ${text}`)]
}

const isInteger = (ast: SchemaAST.AST): boolean =>
  (ast.checks ?? []).some((check) => check.annotations?.expected === "an integer")

const withoutUndefined = (ast: SchemaAST.AST): SchemaAST.AST => {
  if (!SchemaAST.isUnion(ast)) return ast
  const kept = ast.types.filter((member) => !SchemaAST.isUndefined(member))
  return kept.length === 1 ? kept[0]! : ast
}

/** The structure of a node, ignoring its own name: what a named type's definition shows. */
const structure = (ast: SchemaAST.AST, named: NamedTypes): string => {
  switch (ast._tag) {
    case "Literal":
      return JSON.stringify(ast.literal)
    case "String":
      return "string"
    case "Number":
      return isInteger(ast) ? "integer" : "number"
    case "Boolean":
      return "boolean"
    case "Undefined":
      return "undefined"
    case "Null":
      return "null"
    case "Unknown":
    case "Any":
      return "unknown"
    case "Arrays": {
      const rest = ast.rest[0]
      const elements = ast.elements.map((element) => typeOf(element, named))
      if (elements.length === 0 && rest !== undefined) return `Array<${typeOf(rest, named)}>`
      return `[${[...elements, ...(rest === undefined ? [] : [`...${typeOf(rest, named)}[]`])].join(", ")}]`
    }
    case "Objects":
      return `{ ${ast.propertySignatures
        .map((p) => {
          const optional = SchemaAST.isOptional(p.type)
          return `${String(p.name)}${optional ? "?" : ""}: ${typeOf(optional ? withoutUndefined(p.type) : p.type, named)}`
        })
        .join("; ")} }`
    case "Union":
      return ast.types.map((member) => typeOf(member, named)).join(" | ")
    case "Suspend":
      return typeOf(ast.thunk(), named)
    default:
      return ast._tag
  }
}

/** The type of a field: a named type's name (recording its definition), else its structure. */
export const typeOf = (ast: SchemaAST.AST, named: NamedTypes): string => {
  const name = SchemaAST.resolveIdentifier(ast)
  if (name === undefined) return structure(ast, named)
  if (!named.has(name)) {
    // Reserve the name first: a recursive type then names itself instead of looping.
    named.set(name, { name, definition: "", constraints: [], fields: [] })
    named.set(name, {
      name,
      definition: structure(ast, named),
      constraints: checksOf(ast),
      fields: SchemaAST.isObjects(ast) ? describeFields(ast, named) : [],
    })
  }
  return name
}

/** The fields of a struct, minus its `_tag`, in declaration order. */
export const describeFields = (ast: SchemaAST.AST, named: NamedTypes): ReadonlyArray<FieldShape> => {
  if (!SchemaAST.isObjects(ast)) throw new Error(`expected a struct, got ${ast._tag}`)
  return ast.propertySignatures
    .filter((p) => p.name !== "_tag")
    .map((p) => {
      const optional = SchemaAST.isOptional(p.type)
      const type = optional ? withoutUndefined(p.type) : p.type
      const isNamed = SchemaAST.resolveIdentifier(type) !== undefined
      return {
        name: String(p.name),
        type: typeOf(type, named),
        optional,
        constraints: isNamed ? [] : checksOf(type),
      }
    })
}
