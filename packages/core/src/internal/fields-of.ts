/**
 * A command's own fields without its `_tag`: for deciders whose event records exactly what the
 * command asked, so options the caller left out stay absent in the event (not `undefined`).
 */
export const fieldsOf = <C extends { readonly _tag: string }>(command: C): Omit<C, "_tag"> => {
  const { _tag, ...fields } = command
  return fields
}
