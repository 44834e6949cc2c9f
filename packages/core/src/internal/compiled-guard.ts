import type { Schema, SchemaAST } from "effect"

/** Whether a value is one of a schema's values: a yes/no check, no decoded output, no message. */
export type Guard = (input: unknown) => boolean

/**
 * Compiles a schema's type side into a plain predicate, once, for the shapes events are made of:
 * strings, numbers, booleans, literals, enums, structs (optional keys included), records keyed
 * by strings, arrays and tuples, unions — tagged unions dispatch on `_tag` through a map — and the checks
 * attached to any of them (`NonEmptyString`, `Int`, `isGreaterThanOrEqualTo`…), which run as
 * Schema runs them. Anything else (transformations, declarations, optional tuple elements, recursion, `oneOf`
 * unions…) makes it return `undefined`, and the caller keeps Schema's parser.
 *
 * Why: parsing every stored event with Schema was about 85 % of each fold (bench/findings.md,
 * finding 5), yet events read back are almost always valid. The guard answers "valid?" several
 * times faster; only a `false` needs Schema again, for its message. A guard may only be
 * stricter than Schema, never looser: a property test holds it to that.
 */
export const compileGuard = (schema: Schema.Top): Guard | undefined => compile(schema.ast)

const compile = (ast: SchemaAST.AST): Guard | undefined => {
  if (ast.encoding !== undefined) return undefined
  const base = compileNode(ast)
  if (base === undefined || ast.checks === undefined) return base
  const filters = flatten(ast.checks)
  const options = {}
  if (filters.length === 1) {
    const [filter] = filters
    return (input) => base(input) && filter!.run(input, ast, options) === undefined
  }
  return (input) => {
    if (!base(input)) return false
    for (const filter of filters) if (filter.run(input, ast, options) !== undefined) return false
    return true
  }
}

/** A check group's filters, all of which must pass. */
const flatten = (checks: ReadonlyArray<SchemaAST.Check<unknown>>): Array<SchemaAST.Filter<unknown>> =>
  checks.flatMap((check) => (check._tag === "Filter" ? [check] : flatten(check.checks)))

const isRecord = (input: unknown): input is Record<PropertyKey, unknown> =>
  typeof input === "object" && input !== null && !Array.isArray(input)

const compileNode = (ast: SchemaAST.AST): Guard | undefined => {
  switch (ast._tag) {
    case "String":
      return (input) => typeof input === "string"
    case "Number":
      return (input) => typeof input === "number"
    case "Boolean":
      return (input) => typeof input === "boolean"
    case "Null":
      return (input) => input === null
    case "Undefined":
      return (input) => input === undefined
    case "Unknown":
    case "Any":
      return () => true
    case "Literal": {
      const literal = ast.literal
      return (input) => input === literal
    }
    case "Enum": {
      const values = new Set<unknown>(ast.enums.map(([, value]) => value))
      return (input) => values.has(input)
    }
    case "Objects":
      return compileObjects(ast)
    case "Arrays":
      return compileArrays(ast)
    case "Union":
      return compileUnion(ast)
    default:
      return undefined
  }
}

const compileObjects = (ast: SchemaAST.Objects): Guard | undefined => {
  const names: Array<PropertyKey> = []
  const optional: Array<boolean> = []
  const guards: Array<Guard> = []
  for (const property of ast.propertySignatures) {
    const guard = compile(property.type)
    if (guard === undefined) return undefined
    names.push(property.name)
    optional.push(property.type.context?.isOptional === true)
    guards.push(guard)
  }
  if (ast.indexSignatures.length > 1) return undefined
  const index = ast.indexSignatures[0]
  if (index !== undefined) {
    if (index.parameter._tag !== "String" || index.parameter.checks !== undefined) return undefined
    const values = compile(index.type)
    if (values === undefined || names.length > 0) return undefined
    return (input) => {
      if (!isRecord(input)) return false
      for (const key of Object.keys(input)) if (!values(input[key])) return false
      return true
    }
  }
  // A key Object.prototype also has could be found on the prototype: look it up as an own key only.
  const inherited = names.some((name) => name in Object.prototype)
  const count = names.length
  return (input) => {
    if (!isRecord(input)) return false
    for (let i = 0; i < count; i++) {
      const value = input[names[i]!]
      if (value === undefined || inherited) {
        if (!Object.hasOwn(input, names[i]!)) {
          if (optional[i]) continue
          return false
        }
      }
      if (!guards[i]!(value)) return false
    }
    return true
  }
}

const compileArrays = (ast: SchemaAST.Arrays): Guard | undefined => {
  // Required leading elements and at most one rest type (arrays, and tuples such as a GeoJSON
  // position); optional elements and elements after the rest are left to Schema.
  if (ast.rest.length > 1 || ast.elements.some((element) => element.context?.isOptional === true)) {
    return undefined
  }
  const elements: Array<Guard> = []
  for (const element of ast.elements) {
    const guard = compile(element)
    if (guard === undefined) return undefined
    elements.push(guard)
  }
  const rest = ast.rest[0] === undefined ? undefined : compile(ast.rest[0])
  if (ast.rest.length === 1 && rest === undefined) return undefined
  const count = elements.length
  return (input) => {
    if (!Array.isArray(input) || input.length < count) return false
    if (rest === undefined && input.length !== count) return false
    for (let index = 0; index < input.length; index++) {
      const guard = index < count ? elements[index]! : rest!
      if (!guard(input[index])) return false
    }
    return true
  }
}

/** The literal `_tag` of a struct member of a union, if it has one. */
const tagOf = (member: SchemaAST.AST): SchemaAST.LiteralValue | undefined => {
  if (member._tag !== "Objects" || member.encoding !== undefined) return undefined
  const tag = member.propertySignatures.find((property) => property.name === "_tag")
  return tag !== undefined && tag.type._tag === "Literal" && tag.type.context?.isOptional !== true
    ? tag.type.literal
    : undefined
}

const compileUnion = (ast: SchemaAST.Union): Guard | undefined => {
  if (ast.options?.mode === "oneOf") return undefined
  const members: Array<Guard> = []
  for (const member of ast.types) {
    const guard = compile(member)
    if (guard === undefined) return undefined
    members.push(guard)
  }
  // A union of plain literals (a vocabulary such as the categories) is one set lookup.
  if (ast.types.every((member) => member._tag === "Literal" && member.checks === undefined)) {
    const literals = new Set(ast.types.map((member) => (member as SchemaAST.Literal).literal))
    return (input) => literals.has(input as SchemaAST.LiteralValue)
  }
  const tags = ast.types.map(tagOf)
  if (tags.every((tag) => tag !== undefined) && new Set(tags).size === tags.length) {
    const byTag = new Map(tags.map((tag, index) => [tag, members[index]!] as const))
    return (input) => {
      if (!isRecord(input)) return false
      const guard = byTag.get(input._tag as SchemaAST.LiteralValue)
      return guard?.(input) === true
    }
  }
  return (input) => {
    for (const guard of members) if (guard(input)) return true
    return false
  }
}
