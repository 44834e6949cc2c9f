/**
 * Open311 arguments, from a query string or a form-encoded body. The standard: "the response
 * should be the same whether a parameter is passed and is empty or is not passed at all", so an
 * empty value is no value. Comma-delimited lists may also be given by repeating the argument.
 */
export interface Arguments {
  /** The first non-empty value of the argument (surrounding blanks trimmed), or undefined. */
  readonly one: (name: string) => string | undefined
  /** Every non-empty item of the argument, comma-delimited or repeated. */
  readonly list: (name: string) => ReadonlyArray<string>
  /** Arguments named `attribute[code]` (or `attribute[code][]`), by code. */
  readonly attributes: () => ReadonlyMap<string, ReadonlyArray<string>>
}

const ATTRIBUTE = /^attribute\[([^\]]+)\](?:\[\])?$/

export const argumentsOf = (params: URLSearchParams): Arguments => ({
  one: (name) =>
    params
      .getAll(name)
      .map((value) => value.trim())
      .find((value) => value !== ""),
  list: (name) =>
    params
      .getAll(name)
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter((value) => value !== ""),
  attributes: () => {
    const found = new Map<string, Array<string>>()
    for (const [key, value] of params) {
      const code = ATTRIBUTE.exec(key)?.[1]
      if (code === undefined || value.trim() === "") continue
      found.set(code, [...(found.get(code) ?? []), value.trim()])
    }
    return found
  },
})

/**
 * A W3C-profile ISO 8601 datetime with its zone ("2010-01-01T00:00:00Z", "…+08:00") or a bare
 * date, taken as midnight in Asia/Shanghai. Undefined when it is neither.
 */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/

export const parseW3cDatetime = (text: string): number | undefined => {
  const parts = DATETIME.exec(text)
  if (parts === null) return undefined
  const [, year, month, day, hour, minute, second, zone] = parts
  if (hour !== undefined && zone === undefined) return undefined
  const iso =
    hour === undefined
      ? `${year}-${month}-${day}T00:00:00+08:00`
      : `${year}-${month}-${day}T${hour}:${minute}:${second ?? "00"}${zone}`
  const at = Date.parse(iso)
  // Date.parse rolls 2026-02-31 over to March; a date that does not round-trip is not a date.
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  const real =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour ?? 0) < 24 &&
    Number(minute ?? 0) < 60 &&
    Number(second ?? 0) < 60
  return Number.isFinite(at) && real && at >= 0 ? at : undefined
}

/** A value echoed back in an error message, cut short: a message must not repeat a megabyte. */
export const shown = (text: string): string =>
  JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)
