import { createHash } from "node:crypto"
import { type Case, type Instant, type Intake, Territory } from "@gridcase/core"

import { Result } from "effect"
import { type Arguments, shown } from "./arguments.ts"
import { Open311Error } from "./open311-error.ts"
import { isServiceCode, open311Service } from "./services.ts"

/**
 * What a POSTed request turns into: a report in the grid its location routes to, or — when no
 * grid matched but the place may well be the office's — a report for the dispatcher to locate
 * (待定位). Either way its id is the request's, and what to answer.
 */
export type ReportRequest =
  | {
      readonly _tag: "placed"
      readonly command: Case.CommandOf<"ReportCase">
      readonly accountId: string | undefined
    }
  | {
      readonly _tag: "unplaced"
      readonly command: Intake.CommandOf<"ReceiveUnplacedReport">
      readonly accountId: string | undefined
    }

export interface ReportContext {
  readonly caseId: string
  readonly at: Instant.Instant
  /** The client application the api_key belongs to: the report is issued in its name. */
  readonly client: string
  readonly territory: Territory.State
  readonly directory: Territory.AddressDirectory
  /** The office's own area, whose dispatchers locate what no grid matched (the territory's root by default). */
  readonly intakeAreaId?: string
}

const MAX_DESCRIPTION = 4000
const MAX_TICKET = 100

const number = (name: string, text: string, min: number, max: number): number => {
  const value = Number(text)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) || !Number.isFinite(value) || value < min || value > max) {
    throw new Open311Error(
      400,
      `${name} must be a number between ${min} and ${max} (WGS84), got ${shown(text)}`,
    )
  }
  return value
}

const pointOf = (args: Arguments): Territory.GeoPoint | undefined => {
  const lat = args.one("lat")
  const long = args.one("long")
  if (lat === undefined && long === undefined) return undefined
  if (lat === undefined || long === undefined) {
    throw new Open311Error(400, "lat and long must be sent together")
  }
  return { lat: number("lat", lat, -90, 90), long: number("long", long, -180, 180) }
}

const mediaUrlOf = (args: Arguments): string | undefined => {
  const text = args.one("media_url")
  if (text === undefined) return undefined
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:") || text.length > 2000) {
    throw new Open311Error(400, "media_url must be an http(s) URL of at most 2,000 characters")
  }
  return text
}

const urgencyOf = (attributes: ReadonlyMap<string, ReadonlyArray<string>>): "normal" | "urgent" => {
  const [value, ...more] = attributes.get("urgency") ?? []
  if (value === undefined) return "normal"
  if (more.length > 0 || (value !== "normal" && value !== "urgent")) {
    throw new Open311Error(400, 'attribute[urgency] must be one of "normal" or "urgent"')
  }
  return value
}

const ticketOf = (attributes: ReadonlyMap<string, ReadonlyArray<string>>): string | undefined => {
  const [value, ...more] = attributes.get("hotline_ticket") ?? []
  if (value !== undefined && (more.length > 0 || value.length > MAX_TICKET)) {
    throw new Open311Error(
      400,
      `attribute[hotline_ticket] must be one ticket number of at most ${MAX_TICKET} characters`,
    )
  }
  return value
}

/**
 * The box around every drawn grid of the territory: a point outside it is not this office's to
 * take (the standard's 400); a point inside it that no grid contains (a gap, a road between
 * grids, a boundary not yet redrawn) is, and the dispatcher locates it.
 */
const jurisdictionBox = (territory: Territory.EstablishedTerritory) => {
  let south = Number.POSITIVE_INFINITY
  let north = Number.NEGATIVE_INFINITY
  let west = Number.POSITIVE_INFINITY
  let east = Number.NEGATIVE_INFINITY
  for (const [, area] of territory.areas) {
    if (area.boundary === undefined || !Territory.isActive(area)) continue
    const polygons =
      area.boundary.type === "Polygon" ? [area.boundary.coordinates] : area.boundary.coordinates
    for (const ring of polygons.flat()) {
      for (const [long, lat] of ring) {
        south = Math.min(south, lat!)
        north = Math.max(north, lat!)
        west = Math.min(west, long!)
        east = Math.max(east, long!)
      }
    }
  }
  return { south, north, west, east }
}

const insideBox = (point: Territory.GeoPoint, box: ReturnType<typeof jurisdictionBox>) =>
  point.lat >= box.south && point.lat <= box.north && point.long >= box.west && point.long <= box.east

/** The area that takes what no grid matched: the one configured, else the territory's root. */
const intakeAreaOf = (territory: Territory.EstablishedTerritory, configured: string | undefined): string => {
  if (configured !== undefined) return configured
  for (const [, area] of territory.areas) if (area.parentId === undefined) return area.areaId
  return territory.territoryId
}

/**
 * Turns a GeoReport v2 POST into a report (上报) from a resident (居民上报) or, with a 12345
 * ticket number, a hotline transfer (12345+网格化). Contact fields (email, names, phone, device)
 * are personal data the case log must not hold, so they are not kept; `account_id` becomes the
 * reporter reference. Unknown attributes are ignored, so clients built for other cities work.
 */
export const reportRequest = (args: Arguments, context: ReportContext): ReportRequest => {
  const code = args.one("service_code")
  if (code === undefined) throw new Open311Error(400, "service_code was not provided")
  if (!isServiceCode(code)) throw new Open311Error(404, `service_code ${shown(code)} was not found`)
  const point = pointOf(args)
  const address = args.one("address_string")
  const addressId = args.one("address_id")
  if (point === undefined && address === undefined && addressId === undefined) {
    throw new Open311Error(400, "a location is required: lat and long, address_string or address_id")
  }
  if (address !== undefined && address.length > 500) {
    throw new Open311Error(400, "address_string must be at most 500 characters")
  }
  const description = args.one("description") ?? open311Service(code).service_name
  if (description.length > MAX_DESCRIPTION) {
    throw new Open311Error(
      400,
      `description must be at most ${MAX_DESCRIPTION.toLocaleString("en")} characters`,
    )
  }
  if (!context.territory.exists) throw new Open311Error(400, "this office has no territory set up yet")
  const territory = context.territory
  const routed = Territory.routeCase(
    territory,
    {
      ...(addressId === undefined ? {} : { householdId: addressId }),
      ...(address === undefined ? {} : { address }),
      ...(point === undefined ? {} : { point }),
    },
    context.directory,
  )
  const attributes = args.attributes()
  const ticket = ticketOf(attributes)
  const media = mediaUrlOf(args)
  const accountId = args.one("account_id")
  const report = {
    at: context.at,
    by: context.client,
    source: ticket === undefined ? ("residentReport" as const) : ("hotline" as const),
    category: code,
    urgency: urgencyOf(attributes),
    description,
    ...(accountId === undefined ? {} : { reporterRef: `open311-account:${accountId}` }),
    ...(media === undefined ? {} : { mediaUrls: [media] }),
    ...(ticket === undefined ? {} : { hotlineTicketId: ticket }),
  }
  const location = {
    ...(address === undefined ? {} : { address }),
    ...(point === undefined ? {} : { lat: point.lat, long: point.long }),
  }
  if (Result.isSuccess(routed)) {
    // A resident's report lands with the grid (网格); its worker takes it from there.
    const command: Case.CommandOf<"ReportCase"> = {
      _tag: "ReportCase",
      caseId: context.caseId,
      ...report,
      location: { gridId: routed.success.areaId, ...location },
      level: "grid",
    }
    return { _tag: "placed", command, accountId }
  }
  // A written address that matches no building, or a point within the office's grids' box
  // that no grid contains: taken, for the dispatcher to locate (nothing a citizen reports is lost).
  if (address !== undefined || (point !== undefined && insideBox(point, jurisdictionBox(territory)))) {
    const command: Intake.CommandOf<"ReceiveUnplacedReport"> = {
      _tag: "ReceiveUnplacedReport",
      reportId: context.caseId,
      ...report,
      areaId: intakeAreaOf(territory, context.intakeAreaId),
      location,
    }
    return { _tag: "unplaced", command, accountId }
  }
  throw new Open311Error(400, `the location is outside the area this office serves: ${routed.failure.detail}`)
}

/**
 * The request id a token stands for. A client may send an `Idempotency-Key` header with its
 * POST: the request id is then derived from the key, so a retried POST finds the request it
 * made the first time instead of making a second, and the key is the token that
 * `GET tokens/{token}` resolves.
 */
export const requestIdOfToken = (token: string): string =>
  `r-${createHash("sha256").update(token).digest("hex").slice(0, 24)}`

/** Whether an id is of the kind `requestIdOfToken` makes: staff may not choose such ids. */
export const isOpen311RequestId = (id: string): boolean => id.startsWith("r-")
