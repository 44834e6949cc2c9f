import type { AreaId } from "../territory/vocabulary.ts"
import type { KnockStatus, LaunchedCampaign } from "./state.ts"

/** How many households stand where. `outstanding` are the doors still to knock on: pending or unanswered. */
export interface KnockCounts {
  readonly total: number
  readonly visited: number
  readonly refused: number
  readonly noAnswer: number
  readonly pending: number
  readonly outstanding: number
}

/** A campaign's progress (走访进度): overall and per grid, grids in the order first listed. */
export interface CampaignProgress extends KnockCounts {
  readonly byArea: ReadonlyArray<KnockCounts & { readonly areaId: AreaId }>
}

const count = (statuses: ReadonlyArray<KnockStatus>): KnockCounts => {
  const of = (status: KnockStatus) => statuses.filter((s) => s === status).length
  const [visited, refused, noAnswer, pending] = [of("visited"), of("refused"), of("noAnswer"), of("pending")]
  return { total: statuses.length, visited, refused, noAnswer, pending, outstanding: pending + noAnswer }
}

/** Households visited, refused, unanswered and pending — the daily figure of a 敲门行动. */
export const campaignProgress = (campaign: LaunchedCampaign): CampaignProgress => {
  const byArea = new Map<AreaId, Array<KnockStatus>>()
  for (const { areaId, status } of campaign.households.values()) {
    const statuses = byArea.get(areaId) ?? []
    statuses.push(status)
    byArea.set(areaId, statuses)
  }
  return {
    ...count([...byArea.values()].flat()),
    byArea: [...byArea].map(([areaId, statuses]) => ({ areaId, ...count(statuses) })),
  }
}
