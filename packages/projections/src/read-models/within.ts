import { Territory } from "@gridcase/core"
import type { AreaScope } from "./area-scope.ts"

/**
 * Whether a case's location (a grid, a micro-grid, any area) lies in the scope's area or under
 * it, as the territory stands now; each location's answer is worked out once per test.
 */
export const withinTest = ({ territory, areaId }: AreaScope) => {
  const known = new Map<string, boolean>()
  return (location: string): boolean => {
    let inside = known.get(location)
    if (inside === undefined) {
      inside = Territory.isWithin(territory, location, areaId)
      known.set(location, inside)
    }
    return inside
  }
}
