import { type Schema, SchemaAST } from "effect"

/**
 * Whether a schema's stored (encoded) form is its domain form: no transformation anywhere in
 * it, only checks. For such a schema a payload written by its own `encode` can be handed back
 * without running the parser, which is what lets `makeEventCodec` skip validation of events
 * stored at the current schema version. Declarations (class instances, `Date`…) and any
 * `decodeTo`/`withDecodingDefault` link make the answer `false`.
 */
export const encodesAsItself = (schema: Schema.Top): boolean => walk(schema.ast, new Set())

const walk = (ast: SchemaAST.AST, seen: Set<SchemaAST.AST>): boolean => {
  if (seen.has(ast)) return true
  seen.add(ast)
  if (ast.encoding !== undefined) return false
  if (SchemaAST.isDeclaration(ast)) return false
  if (SchemaAST.isObjects(ast)) {
    return (
      ast.propertySignatures.every((property) => walk(property.type, seen)) &&
      ast.indexSignatures.every((index) => walk(index.parameter, seen) && walk(index.type, seen))
    )
  }
  if (SchemaAST.isUnion(ast)) return ast.types.every((member) => walk(member, seen))
  if (SchemaAST.isArrays(ast)) {
    return ast.elements.every((element) => walk(element, seen)) && ast.rest.every((rest) => walk(rest, seen))
  }
  if (SchemaAST.isSuspend(ast)) return walk(ast.thunk(), seen)
  return true
}
