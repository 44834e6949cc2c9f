import { Result, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Territory } from "../../src/index.ts"
import { boundaryContains } from "../../src/territory/point-in-polygon.ts"
import { polygon, rectangle } from "./fixture.ts"

const at = (long: number, lat: number): Territory.GeoPoint => ({ long, lat })

/** An L-shaped (concave) grid: the square 0–4 × 0–4 without its top-right quarter 2–4 × 2–4. */
const L = polygon([
  [0, 0],
  [4, 0],
  [4, 2],
  [2, 2],
  [2, 4],
  [0, 4],
  [0, 0],
])

describe("boundaryContains", () => {
  it("tells inside from outside in a concave polygon", () => {
    expect(boundaryContains(L, at(1, 1))).toBe(true)
    expect(boundaryContains(L, at(1, 3))).toBe(true)
    expect(boundaryContains(L, at(3, 1))).toBe(true)
    expect(boundaryContains(L, at(3, 3))).toBe(false)
    expect(boundaryContains(L, at(5, 1))).toBe(false)
    expect(boundaryContains(L, at(-1, 1))).toBe(false)
  })

  it("counts a ray through a vertex once", () => {
    // The ray east from (1, 2) passes through the reflex vertex (2, 2) and the vertex (4, 2).
    expect(boundaryContains(L, at(1, 2))).toBe(true)
    expect(boundaryContains(L, at(-1, 2))).toBe(false)
    expect(boundaryContains(L, at(-1, 0))).toBe(false)
    expect(boundaryContains(L, at(-1, 4))).toBe(false)
  })

  it("includes points on edges and vertices", () => {
    for (const [long, lat] of [
      [0, 0],
      [2, 0],
      [4, 1],
      [3, 2],
      [2, 3],
      [2, 2],
      [0, 4],
      [0, 2.5],
    ] as const) {
      expect(boundaryContains(L, at(long, lat)), `(${long}, ${lat})`).toBe(true)
    }
  })

  it("excludes the inside of a hole but not the hole's edge", () => {
    const withLake = polygon(rectangle(0, 0, 10, 10), rectangle(4, 4, 6, 6))
    expect(boundaryContains(withLake, at(5, 5))).toBe(false)
    expect(boundaryContains(withLake, at(4, 5))).toBe(true)
    expect(boundaryContains(withLake, at(6, 6))).toBe(true)
    expect(boundaryContains(withLake, at(3, 5))).toBe(true)
  })

  it("tries every piece of a MultiPolygon", () => {
    const twoBanks: Territory.Boundary = {
      type: "MultiPolygon",
      coordinates: [
        polygon(rectangle(0, 0, 1, 1)).coordinates,
        polygon(rectangle(2, 0, 3, 1)).coordinates,
      ] as never,
    }
    expect(boundaryContains(twoBanks, at(0.5, 0.5))).toBe(true)
    expect(boundaryContains(twoBanks, at(2.5, 0.5))).toBe(true)
    expect(boundaryContains(twoBanks, at(1.5, 0.5))).toBe(false)
  })

  it("property: a rectangle with a rectangular hole contains exactly the points of the closed ring minus the open hole", () => {
    const coordinate = fc.integer({ min: -20, max: 20 })
    fc.assert(
      fc.property(
        fc.record({
          west: coordinate,
          south: coordinate,
          width: fc.integer({ min: 3, max: 20 }),
          height: fc.integer({ min: 3, max: 20 }),
        }),
        fc.record({
          x: fc.integer({ min: 1, max: 100 }),
          y: fc.integer({ min: 1, max: 100 }),
          w: fc.integer({ min: 1, max: 100 }),
          h: fc.integer({ min: 1, max: 100 }),
        }),
        // Offsets from the rectangle's south-west corner, so edges, corners and the hole are hit often.
        fc.record({ dx: fc.integer({ min: -2, max: 22 }), dy: fc.integer({ min: -2, max: 22 }) }),
        fc.boolean(),
        (outer, holeShape, { dx, dy }, reversed) => {
          const point = at(outer.west + dx, outer.south + dy)
          const east = outer.west + outer.width
          const north = outer.south + outer.height
          // The hole lies strictly inside the outer ring.
          const hw = outer.west + 1 + (holeShape.x % (outer.width - 2))
          const hs = outer.south + 1 + (holeShape.y % (outer.height - 2))
          const he = Math.min(east - 1, hw + 1 + (holeShape.w % (east - 1 - hw)))
          const hn = Math.min(north - 1, hs + 1 + (holeShape.h % (north - 1 - hs)))
          const ring = (r: ReturnType<typeof rectangle>) => (reversed ? [...r].reverse() : r)
          const boundary = polygon(
            ring(rectangle(outer.west, outer.south, east, north)),
            ring(rectangle(hw, hs, he, hn)),
          )
          const inOuter =
            outer.west <= point.long && point.long <= east && outer.south <= point.lat && point.lat <= north
          const inHole = hw < point.long && point.long < he && hs < point.lat && point.lat < hn
          expect(boundaryContains(boundary, point)).toBe(inOuter && !inHole)
        },
      ),
    )
  })

  it("property: the answer does not depend on where a ring starts or which way it turns", () => {
    // Star-shaped polygons (vertices at increasing angles round a centre) are always simple.
    const star = fc
      .array(
        fc.record({
          angle: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
          radius: fc.double({ min: 1, max: 10, noNaN: true }),
        }),
        {
          minLength: 3,
          maxLength: 12,
        },
      )
      .map((spokes) =>
        spokes
          .sort((a, b) => a.angle - b.angle)
          .map(
            ({ angle, radius }) => [radius * Math.cos(angle), radius * Math.sin(angle)] as [number, number],
          ),
      )
    const close = (vertices: ReadonlyArray<[number, number]>) =>
      polygon([...vertices, vertices[0] as [number, number]])
    fc.assert(
      fc.property(
        star,
        fc.nat(),
        fc.double({ min: -11, max: 11, noNaN: true }),
        fc.double({ min: -11, max: 11, noNaN: true }),
        (vertices, shift, long, lat) => {
          const point = at(long, lat)
          const rotated = [
            ...vertices.slice(shift % vertices.length),
            ...vertices.slice(0, shift % vertices.length),
          ]
          const expected = boundaryContains(close(vertices), point)
          expect(boundaryContains(close(rotated), point)).toBe(expected)
          expect(boundaryContains(close([...vertices].reverse()), point)).toBe(expected)
        },
      ),
    )
  })
})

describe("Boundary schema", () => {
  const decode = Schema.decodeUnknownResult(Territory.Boundary)
  it("accepts GeoJSON polygons, altitude included, and refuses open or short rings", () => {
    expect(Result.isSuccess(decode(polygon(rectangle(0, 0, 1, 1))))).toBe(true)
    expect(
      Result.isSuccess(
        decode({
          type: "Polygon",
          coordinates: [
            [
              [0, 0, 5],
              [1, 0, 5],
              [1, 1, 5],
              [0, 0, 5],
            ],
          ],
        }),
      ),
    ).toBe(true)
    expect(
      Result.isFailure(
        decode({
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        }),
      ),
    ).toBe(true)
    expect(
      Result.isFailure(
        decode({
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        }),
      ),
    ).toBe(true)
    expect(Result.isFailure(decode({ type: "Polygon", coordinates: [] }))).toBe(true)
    expect(
      Result.isFailure(
        decode({
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [200, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        }),
      ),
    ).toBe(true)
  })
})
