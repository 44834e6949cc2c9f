/** The sizes compared: Minxin Road as the seed story gives it (docs/domain.md#baotou-33), and ten of it. */
export const CITY_SIZES = {
  street: { grids: 100, workers: 45, households: 20_000, residents: 34_000 },
  district: { grids: 1_000, workers: 450, households: 200_000, residents: 340_000 },
} as const
export type CitySize = keyof typeof CITY_SIZES

/** What one size's run measured. */
export interface CityFigures {
  readonly size: CitySize
  readonly grids: number
  readonly residents: number
  readonly days: number
  readonly cases: number
  readonly commands: number
  readonly events: number
  readonly wallSeconds: number
  readonly peakRssMb: number
  readonly storeMb: number
  readonly rebuildSeconds: number
  readonly rebuildPeakRssMb: number
}

/** Per-day figures and the growth from the first size to the others, as a Markdown table. */
export const cityTable = (figures: ReadonlyArray<CityFigures>): string => {
  const base = figures[0]
  const rows = figures.map((one) => {
    const growth = (value: number, of: number) => (base === undefined ? "" : ` (${(value / of).toFixed(1)}×)`)
    return [
      one.size,
      `${one.grids.toLocaleString("en-US")} / ${one.residents.toLocaleString("en-US")}`,
      String(one.days),
      `${one.cases.toLocaleString("en-US")}${growth(one.cases, base!.cases)}`,
      `${one.events.toLocaleString("en-US")}${growth(one.events, base!.events)}`,
      `${Math.round(one.wallSeconds)}${growth(one.wallSeconds, base!.wallSeconds)}`,
      Math.round(one.events / one.wallSeconds).toLocaleString("en-US"),
      Math.round(one.commands / one.wallSeconds).toLocaleString("en-US"),
      `${Math.round(one.peakRssMb)}${growth(one.peakRssMb, base!.peakRssMb)}`,
      `${one.storeMb.toFixed(1)}${growth(one.storeMb, base!.storeMb)}`,
      `${one.rebuildSeconds.toFixed(1)}${growth(one.rebuildSeconds, base!.rebuildSeconds)}`,
      String(Math.round(one.rebuildPeakRssMb)),
    ]
  })
  const header = [
    "size",
    "grids / residents",
    "days",
    "cases",
    "events",
    "wall s",
    "events/s",
    "commands/s",
    "peak RSS MB",
    "store MB",
    "rebuild s",
    "rebuild peak RSS MB",
  ]
  return [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n")
}
