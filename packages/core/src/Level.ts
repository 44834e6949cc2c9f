/**
 * The ladder of levels (层级, docs/domain.md#levels): micro-grid → grid → community → street →
 * district. A case has exactly one owner level at a time and climbs one level at a time.
 *
 * @module
 */
export {
  isTopLevel as isTop,
  LEVELS,
  Level,
  levelAbove as above,
  levelRank as rank,
  TOP_LEVEL as TOP,
} from "./shared/level.ts"
