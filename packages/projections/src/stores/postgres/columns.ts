/** Rows for a set-based statement, one array per column (`unnest` takes them as parallel arrays). */
export type Columns = Array<Array<unknown>>

export const columns = (width: number): Columns => Array.from({ length: width }, () => [])

export const push = (into: Columns, ...row: ReadonlyArray<unknown>): void => {
  for (const [i, value] of row.entries()) into[i]!.push(value)
}
