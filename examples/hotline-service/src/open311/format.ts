/**
 * GeoReport v2 documents in both of its formats. The JSON is the Spark convention's mapping
 * of the XML: a list element (`<services>`) becomes a JSON array of its items (`<service>`),
 * so one value renders as either, given the name of the list's root element.
 */
export type Open311Value =
  | string
  | number
  | boolean
  | null
  | undefined
  | ReadonlyArray<Open311Value>
  | { readonly [key: string]: Open311Value }

export type Open311Format = "json" | "xml"

/** The element name of one item of each list element the standard and FixMyStreet use. */
const ITEM_OF: Readonly<Record<string, string>> = {
  services: "service",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
  service_requests: "request",
  service_request_updates: "request_update",
  errors: "error",
}

/**
 * Drops what XML 1.0 cannot carry at all: C0 control characters other than tab, newline and
 * return, U+FFFE and U+FFFF, and lone surrogates (a string cut in the middle of a character).
 */
const xmlCharacters = (text: string): string => {
  let kept = ""
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d
    const loneSurrogate = code >= 0xd800 && code <= 0xdfff
    if (!control && !loneSurrogate && code !== 0xfffe && code !== 0xffff) kept += character
  }
  return kept
}

const escapeXml = (text: string): string =>
  xmlCharacters(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")

const element = (name: string, value: Open311Value, indent: string): string => {
  if (value === null || value === undefined) return `${indent}<${name}/>`
  if (Array.isArray(value)) {
    const item = ITEM_OF[name]
    if (item === undefined) throw new Error(`no item element known for the list <${name}>`)
    if (value.length === 0) return `${indent}<${name}/>`
    const children = value.map((child) => element(item, child, `${indent}  `)).join("\n")
    return `${indent}<${name}>\n${children}\n${indent}</${name}>`
  }
  if (typeof value === "object") {
    const children = Object.entries(value as Record<string, Open311Value>)
      .map(([key, child]) => element(key, child, `${indent}  `))
      .join("\n")
    return children === "" ? `${indent}<${name}/>` : `${indent}<${name}>\n${children}\n${indent}</${name}>`
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`
}

/** A document in XML, with the declaration the standard requires. */
export const toXml = (root: string, value: Open311Value): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, "")}\n`

/** The same document in JSON: absent optional fields become null, as in the standard's examples. */
export const toJson = (value: Open311Value): string =>
  JSON.stringify(value, (_key, field: unknown) => (field === undefined ? null : field))

export const CONTENT_TYPES: Readonly<Record<Open311Format, string>> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
}

export const render = (format: Open311Format, root: string, value: Open311Value): string =>
  format === "xml" ? toXml(root, value) : toJson(value)
