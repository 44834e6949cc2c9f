import { Schema } from "effect"

/**
 * The administrative ladder a case climbs (层级). Ordered bottom to top:
 * micro-grid 微网格 → grid 网格 → community 社区/村 → street 街道/镇 → district 区.
 * "小事不出网格，大事不出社区": a case starts as low as possible and climbs one level at a time.
 */
export const LEVELS = ["microGrid", "grid", "community", "street", "district"] as const
/** A level of the ladder (层级): where a case is owned, where an area sits. */
export const Level = Schema.Literals(LEVELS).annotate({ identifier: "Level" })
export type Level = typeof Level.Type

/** A level's height on the ladder: 0 for the micro-grid up to 4 for the district. */
export const levelRank = (level: Level): number => LEVELS.indexOf(level)
/** The top of the ladder: a case at the district escalates no further. */
export const TOP_LEVEL: Level = "district"
/** Whether `level` is the top of the ladder. */
export const isTopLevel = (level: Level): boolean => level === TOP_LEVEL

/** The level right above, or undefined at the top. */
export const levelAbove = (level: Level): Level | undefined => LEVELS[levelRank(level) + 1]
