import { describe, expect, it } from "vitest"
import { PointsBalances, Residents } from "../../src/index.ts"
import { projectStorable, query } from "../support/cases.ts"
import {
  award,
  interleaved,
  ledgerEvents,
  pointsCommand,
  pointsStorable,
  register,
  residentEvents,
  residentStorable,
  territoryAfter,
  territoryCommand,
} from "../support/residents.ts"

const residents = [
  register("r-blind", "h-101"),
  register("r-plain", "h-102"),
  register("r-mistaken", "h-102"),
  register("r-elder", "h-201"),
].flatMap((registration) => residentEvents([registration]))

const ledgers = [
  // 30 earned, two bars of soap at 5 points each.
  ...ledgerEvents([
    award("r-blind", "a1", 30),
    pointsCommand("RedeemPoints", "r-blind", 2, { redemptionId: "x1", rewardId: "soap", quantity: 2 }),
  ]),
  ...ledgerEvents([award("r-elder", "a2", 50)]),
  ...ledgerEvents([award("r-plain", "a3", 20)]),
  // An award entered by mistake is taken back (冲正).
  ...ledgerEvents([
    award("r-mistaken", "a4", 40),
    pointsCommand("ReverseAward", "r-mistaken", 3, { awardId: "a4", reason: "登记错误" }),
  ]),
  // A ledger whose resident is registered nowhere: city-wide only.
  ...ledgerEvents([award("r-visitor", "a5", 10)]),
]

const project = () =>
  projectStorable(interleaved(residentStorable(residents), pointsStorable(ledgers)), [
    Residents.projection,
    PointsBalances.projection,
  ])

describe("points balances and leaderboards (道德银行积分排行榜)", () => {
  it("keeps each resident's balance as the ledger moves it", async () => {
    const readModels = await project()
    expect(await query(readModels, PointsBalances.balanceOf("r-blind"))).toEqual({
      residentId: "r-blind",
      balance: 20,
    })
    expect(await query(readModels, PointsBalances.balanceOf("r-mistaken"))).toEqual({
      residentId: "r-mistaken",
      balance: 0,
    })
    expect(await query(readModels, PointsBalances.balanceOf("r-nobody"))).toEqual({
      residentId: "r-nobody",
      balance: 0,
    })
  })

  it("ranks every ledger city-wide, highest first; equal balances share a rank", async () => {
    const readModels = await project()
    const board = [
      { rank: 1, residentId: "r-elder", balance: 50 },
      { rank: 2, residentId: "r-blind", balance: 20 },
      { rank: 2, residentId: "r-plain", balance: 20 },
      { rank: 4, residentId: "r-visitor", balance: 10 },
      { rank: 5, residentId: "r-mistaken", balance: 0 },
    ]
    expect(await query(readModels, PointsBalances.leaderboard())).toEqual(board)
    expect(await query(readModels, PointsBalances.leaderboard({ limit: 3 }))).toEqual(board.slice(0, 3))
  })

  it("ranks the residents living in a grid or a community, following their households", async () => {
    const readModels = await project()
    const territory = territoryAfter()
    expect(
      await query(readModels, PointsBalances.leaderboard({ within: { territory, areaId: "nanshan" } })),
    ).toEqual([
      { rank: 1, residentId: "r-blind", balance: 20 },
      { rank: 1, residentId: "r-plain", balance: 20 },
      { rank: 3, residentId: "r-mistaken", balance: 0 },
    ])
    expect(
      await query(readModels, PointsBalances.leaderboard({ within: { territory, areaId: "g2" }, limit: 1 })),
    ).toEqual([{ rank: 1, residentId: "r-plain", balance: 20 }])
    const regridded = territoryAfter([
      territoryCommand({ _tag: "MoveHousehold", householdId: "h-201", toAreaId: "g1" }, 5),
    ])
    expect(
      await query(readModels, PointsBalances.leaderboard({ within: { territory: regridded, areaId: "g1" } })),
    ).toEqual([
      { rank: 1, residentId: "r-elder", balance: 50 },
      { rank: 2, residentId: "r-blind", balance: 20 },
    ])
    expect(
      await query(
        readModels,
        PointsBalances.leaderboard({ within: { territory: regridded, areaId: "tianhong" } }),
      ),
    ).toEqual([])
  })
})
