import { Schema } from "effect"

const Longitude = Schema.Finite.check(Schema.isBetween({ minimum: -180, maximum: 180 }))
const Latitude = Schema.Finite.check(Schema.isBetween({ minimum: -90, maximum: 90 }))

/**
 * A GeoJSON position (RFC 7946): longitude first, then latitude, then an optional altitude
 * that routing ignores.
 */
export const Position = Schema.TupleWithRest(Schema.Tuple([Longitude, Latitude]), [Schema.Finite])
export type Position = typeof Position.Type

/**
 * A closed ring: at least four positions, the last equal to the first (RFC 7946 §3.1.6). An
 * open ring is refused at decoding rather than silently closed, so what is stored is what the
 * surveyor drew.
 */
export const LinearRing = Schema.Array(Position).check(
  Schema.isMinLength(4),
  Schema.makeFilter((ring: ReadonlyArray<Position>) => {
    const first = ring[0]
    const last = ring.at(-1)
    return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]
      ? undefined
      : "a linear ring must end where it starts"
  }),
)
export type LinearRing = typeof LinearRing.Type

/** The rings of one polygon: the outer boundary first, then any holes (a lake, an enclave). */
const PolygonRings = Schema.Array(LinearRing).check(Schema.isMinLength(1))

/** A GeoJSON Polygon: an outer ring and its holes. */
export const Polygon = Schema.Struct({ type: Schema.Literal("Polygon"), coordinates: PolygonRings })
/** A GeoJSON MultiPolygon: a grid drawn in several pieces. */
export const MultiPolygon = Schema.Struct({
  type: Schema.Literal("MultiPolygon"),
  coordinates: Schema.Array(PolygonRings).check(Schema.isMinLength(1)),
})

/**
 * A grid's boundary (网格边界) as a GeoJSON Polygon or MultiPolygon geometry (a grid split by a
 * river is two pieces). Optional: many grids are defined by their households alone.
 */
export const Boundary = Schema.Union([Polygon, MultiPolygon]).annotate({ identifier: "Boundary" })
export type Boundary = typeof Boundary.Type

/** A point to locate, with the same field names as a case's location. */
export interface GeoPoint {
  readonly lat: number
  readonly long: number
}
