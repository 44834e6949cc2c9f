import { Result } from "effect"
import { Instant, Territory } from "../../src/index.ts"

/** 2026-03-02 09:30 in Shanghai. */
export const T0 = Date.UTC(2026, 2, 2, 1, 30)
export const DISTRICT = "kunqu"
export const ADMIN = "installer"

/** An axis-aligned square ring [long, lat], closed. */
export const rectangle = (west: number, south: number, east: number, north: number) => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
]

export const polygon = (...rings: ReadonlyArray<ReturnType<typeof rectangle>>): Territory.Boundary => ({
  type: "Polygon",
  coordinates: rings as Array<Array<[number, number]>>,
})

type Payload<C> = C extends unknown ? Omit<C, "territoryId" | "at" | "by"> : never

/** A territory command in `kunqu`, issued at `at` (default T0) by the installer. */
export const cmd = (payload: Payload<Territory.Command>, at = T0, by = ADMIN): Territory.Command =>
  ({ ...payload, territoryId: DISTRICT, at, by }) as Territory.Command

/** Decides and folds each command in turn; throws on the first refusal (a broken fixture). */
export const run = (
  commands: ReadonlyArray<Territory.Command>,
  from: Territory.State = Territory.initialState,
): { readonly state: Territory.EstablishedTerritory; readonly events: ReadonlyArray<Territory.Event> } => {
  let state = from
  const events: Array<Territory.Event> = []
  for (const command of commands) {
    const decided = Territory.decide(command, state)
    if (Result.isFailure(decided)) throw decided.failure
    for (const event of decided.success) state = Territory.evolve(state, event)
    events.push(...decided.success)
  }
  if (!state.exists) throw new Error("the fixture created no territory")
  return { state, events }
}

/**
 * Kunqu district → Minxin Road street → Nanshan and Tianhong communities. Nanshan has two
 * comprehensive grids side by side (long 100–110 and 110–120, lat 30–40) and a dedicated
 * commercial-zone grid north of them with a hole (a lake); Tianhong has one grid with two
 * micro-grids. A water department sits at the street.
 */
export const SAMPLE_COMMANDS: ReadonlyArray<Territory.Command> = [
  cmd({ _tag: "CreateArea", areaId: DISTRICT, name: "昆都仑区", level: "district" }),
  cmd({ _tag: "CreateArea", areaId: "minxin", name: "民馨路街道", level: "street", parentId: DISTRICT }),
  cmd({ _tag: "CreateArea", areaId: "nanshan", name: "南山社区", level: "community", parentId: "minxin" }),
  cmd({ _tag: "CreateArea", areaId: "tianhong", name: "天鸿社区", level: "community", parentId: "minxin" }),
  cmd({
    _tag: "CreateArea",
    areaId: "nanshan-g1",
    name: "南山第1网格",
    level: "grid",
    parentId: "nanshan",
    boundary: polygon(rectangle(100, 30, 110, 40)),
  }),
  cmd({
    _tag: "CreateArea",
    areaId: "nanshan-g2",
    name: "南山第2网格",
    level: "grid",
    parentId: "nanshan",
    boundary: polygon(rectangle(110, 30, 120, 40)),
  }),
  cmd({
    _tag: "CreateArea",
    areaId: "nanshan-mall",
    name: "南山商圈专属网格",
    level: "grid",
    parentId: "nanshan",
    kind: { _tag: "dedicated", purpose: "commercialZone" },
    boundary: polygon(rectangle(100, 40, 120, 45), rectangle(105, 41, 106, 42)),
  }),
  cmd({
    _tag: "CreateArea",
    areaId: "tianhong-g3",
    name: "天鸿第3网格",
    level: "grid",
    parentId: "tianhong",
  }),
  cmd({
    _tag: "CreateArea",
    areaId: "tianhong-g3-m1",
    name: "天鸿3-1微网格",
    level: "microGrid",
    parentId: "tianhong-g3",
    boundary: polygon(rectangle(90, 30, 95, 35)),
  }),
  cmd({
    _tag: "CreateArea",
    areaId: "tianhong-g3-m2",
    name: "天鸿3-2微网格",
    level: "microGrid",
    parentId: "tianhong-g3",
  }),
  cmd({ _tag: "CreateDepartment", departmentId: "water", name: "自来水公司", areaId: "minxin" }),
  ...["h1", "h2", "h3", "h4"].map((householdId) =>
    cmd({ _tag: "PlaceHousehold", householdId, areaId: "nanshan-g1" }),
  ),
  cmd({ _tag: "PlaceHousehold", householdId: "h5", areaId: "nanshan-g2" }),
  cmd({ _tag: "PlaceHousehold", householdId: "h6", areaId: "tianhong-g3-m1" }),
  ...(
    [
      ["centre-zhou", "dispatcher", "minxin"],
      ["head-zhao", "stationHead", "nanshan"],
      ["leader-li", "gridLeader", "nanshan-g1"],
      ["worker-wang", "gridWorker", "nanshan-g1"],
      ["worker-wang", "volunteer", "tianhong"],
      ["worker-ma", "gridWorker", "nanshan-g2"],
      ["mg-chen", "microGridWorker", "tianhong-g3-m1"],
      ["super-sun", "supervisor", "minxin"],
      ["hotline-he", "hotlineOperator", DISTRICT],
    ] as const
  ).map(([personId, role, areaId]) =>
    cmd({ _tag: "GrantRole", personId, role, scope: { _tag: "area", areaId } }),
  ),
  cmd({
    _tag: "GrantRole",
    personId: "plumber-liu",
    role: "departmentHandler",
    scope: { _tag: "department", departmentId: "water" },
  }),
]

export const sample = () => run(SAMPLE_COMMANDS)

/** Xitu Road street beside Minxin Road, with a community and its grid: places outside Minxin Road's chain. */
export const SECOND_STREET_COMMANDS: ReadonlyArray<Territory.Command> = [
  cmd({ _tag: "CreateArea", areaId: "xitu", name: "西土路街道", level: "street", parentId: DISTRICT }),
  cmd({ _tag: "CreateArea", areaId: "xitu-c", name: "西土社区", level: "community", parentId: "xitu" }),
  cmd({ _tag: "CreateArea", areaId: "xitu-c-g1", name: "西土第1网格", level: "grid", parentId: "xitu-c" }),
]

/** A day after T0: re-gridding in the fixtures happens then. */
export const T1 = T0 + 24 * Instant.HOUR
