/**
 * TODO Level
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
