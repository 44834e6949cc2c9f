import type { Boundary, GeoPoint, LinearRing } from "./boundary.ts"

type RingSide = "inside" | "outside" | "onEdge"

/** Whether p lies on the segment a–b: collinear (exactly, in floating point) and within its box. */
const onSegment = (px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean =>
  (bx - ax) * (py - ay) === (by - ay) * (px - ax) &&
  Math.min(ax, bx) <= px &&
  px <= Math.max(ax, bx) &&
  Math.min(ay, by) <= py &&
  py <= Math.max(ay, by)

/**
 * Where a point lies relative to one ring, by ray casting (even–odd rule): a ray from the point
 * towards +x crosses the ring an odd number of times exactly when the point is inside. Each edge
 * counts as half-open in y, so a ray through a vertex is counted once, not twice. Points on an
 * edge are reported as such before any counting.
 */
const sideOfRing = (ring: LinearRing, x: number, y: number): RingSide => {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i] as LinearRing[number]
    const [bx, by] = ring[j] as LinearRing[number]
    if (onSegment(x, y, ax, ay, bx, by)) return "onEdge"
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside
  }
  return inside ? "inside" : "outside"
}

/**
 * A polygon as a closed set: inside its outer ring or on it, and not strictly inside a hole. A
 * point on a hole's edge touches the polygon's boundary, so it belongs to the polygon.
 */
const polygonContains = (rings: ReadonlyArray<LinearRing>, x: number, y: number): boolean => {
  const [outer, ...holes] = rings
  if (outer === undefined || sideOfRing(outer, x, y) === "outside") return false
  return holes.every((hole) => sideOfRing(hole, x, y) !== "inside")
}

/**
 * Whether a boundary contains a point, edges included (so a point on the line between two
 * grids belongs to both; routing breaks the tie). Computed in the plane of longitude and
 * latitude, which is exact enough for areas the size of a grid.
 */
export const boundaryContains = (boundary: Boundary, point: GeoPoint): boolean =>
  boundary.type === "Polygon"
    ? polygonContains(boundary.coordinates, point.long, point.lat)
    : boundary.coordinates.some((polygon) => polygonContains(polygon, point.long, point.lat))
