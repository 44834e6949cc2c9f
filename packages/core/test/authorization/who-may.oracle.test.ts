import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Authorization, Campaign, Case, Intake, Points, Resident, Territory } from "../../src/index.ts"

/**
 * # Who may do what (权限表), written from the rules, not from the code
 *
 * One table per aggregate: a row per command, a cell per role, read off docs/domain.md (the
 * roles, #roles; the loop's "who acts", #loop; the exception paths, #exceptions; supervision,
 * #supervision; the moral bank, #moral-bank; door-knocking, #door-knocking) and, where the sources
 * say nothing, the choice gridcase documents (marked 本地设定 with its reason). The production
 * tables (`Authorization.CASE_RULES`…) are not read here: each cell is checked by asking
 * `authorize` about an actor who holds that one role in a given place, so a role added to or
 * dropped from a rule, a relation lost, an on-site clause widened to the owner's area or a rule
 * opened to anyone fails a cell.
 *
 * A cell, in the column order of `COLUMNS`:
 * - `A` — granted to the role held over the target's area (the case's owner level, the grid of the
 *   resident's household, the area a territory command changes…) or any area above it;
 * - `S` — granted on site: the role held over the place where the thing lies (a case's grid),
 *   as well as over the owner's area above it;
 * - `-` — never granted to the role, wherever it is held.
 * `relations` lists who may act without any role: the target's `assignee` (签收, 处置, 办结 are
 * the receiver's), its `reporter`, the `responder` of its open supervision notice (督办单), the
 * `holder` of the step the command names (报告说明理由), or `anyone` at all. `approver` is the row of roles the approver named by the command (审批人)
 * must hold over the target's area.
 */

/** The roles, in the tables' column order (docs/domain.md#roles). */
const COLUMNS = [
  "gridLeader", // GL 网格长
  "gridWorker", // GW 网格员
  "microGridWorker", // MG 微网格员
  "partyGroupLeader", // PG 党小组长
  "buildingHead", // BH 楼栋长
  "volunteer", // VO 志愿者
  "stationHead", // SH 站长
  "dispatcher", // DI 指挥中心
  "hotlineOperator", // HO 12345 话务员 / 热线工作机构
  "departmentHandler", // DH 部门处置人员
  "supervisor", // SU 督办员 / 监督员
] as const satisfies ReadonlyArray<Territory.Role>

type Relation = "assignee" | "reporter" | "responder" | "holder" | "anyone"
interface Row {
  /** One cell per column: `A`, `S` or `-`. */
  readonly roles: string
  readonly relations?: ReadonlyArray<Relation>
  /** One cell per column for the approver (审批人): `A` or `-`. */
  readonly approver?: string
}
type Table<Tag extends string> = { readonly [K in Tag]: Row }

/** No role at all: a command only a relation (or anybody) may issue. */
const NOBODY = "-  -  -  -  -  -  -  -  -  -  -"

// biome-ignore format: the cells line up under the column heads
const CASE: Table<Case.Command["_tag"]> = {
  //                               GL GW MG PG BH VO SH DI HO DH SU
  // 上报: grid worker, micro-grid worker, resident, 12345 operator — anybody (#loop-report).
  ReportCase:            { roles: NOBODY, relations: ["anyone"] },
  // 自处理: the worker who fixed it on the spot (#exception-self-handled); the residents'
  // workstation takes on cases too (#role-station-head).
  RecordSelfHandledCase: { roles: "A  A  A  -  -  -  A  -  -  -  -" },
  // The audit checks the result, as the supervision centre checks before closing
  // (#role-supervision-centre); the command centre takes what fails it to dispatch.
  AuditSelfHandledCase:  { roles: "-  -  -  -  -  -  -  A  -  -  A" },
  // 立案 / 不予立案: the supervision centre after verifying (#loop-register) — its 监督员, the
  // `supervisor`; and the owner of the level the case sits at, which solves what it can
  // (网格长 #role-grid-leader, the community's station, the command centre; 本地设定: gridcase
  // runs the loop at each level of the ladder, #levels).
  RegisterCase:          { roles: "A  -  -  -  -  -  A  A  -  -  A" },
  RejectCase:            { roles: "A  -  -  -  -  -  A  A  -  -  A" },
  // 派遣: the command centre and the 12345 hotline body (#loop-dispatch, 「转派」 in
  // #rule-guangzhou-hotline-body); the grid assigns its own tasks (任务分办, #nantong-26), so
  // the level's owner dispatches too.
  DispatchCase:          { roles: "A  -  -  -  -  -  A  A  A  -  -" },
  // 签收 / 退回 / 处置 / 办结: the receiving unit (#loop-acknowledge, #loop-handle, #loop-resolve).
  AcknowledgeCase:       { roles: NOBODY, relations: ["assignee"] },
  SendBackCase:          { roles: NOBODY, relations: ["assignee"] },
  StartHandling:         { roles: NOBODY, relations: ["assignee"] },
  HoldCase:              { roles: NOBODY, relations: ["assignee"] },
  ResumeCase:            { roles: NOBODY, relations: ["assignee"] },
  ResolveCase:           { roles: NOBODY, relations: ["assignee"] },
  // The handler, and the level's owner following the case (本地设定).
  AddProgressNote:       { roles: "A  -  -  -  -  -  A  A  -  -  -", relations: ["assignee"] },
  // Exception requests (#exceptions): more time and a late return are the handler's to ask;
  // voiding and shelving may also come from the level's owner. A supervisor decides them.
  RequestExtension:      { roles: NOBODY, relations: ["assignee"] },
  RequestSendBack:       { roles: NOBODY, relations: ["assignee"] },
  RequestVoid:           { roles: "A  -  -  -  -  -  A  A  -  -  -", relations: ["assignee"] },
  RequestShelve:         { roles: "A  -  -  -  -  -  A  A  -  -  -", relations: ["assignee"] },
  // The supervisor approves exception requests (#role-supervisor, #rule-exception-approval),
  // 挂账恢复 included.
  ApproveRequest:        { roles: "-  -  -  -  -  -  -  -  -  -  A" },
  DenyRequest:           { roles: "-  -  -  -  -  -  -  -  -  -  A" },
  RestoreCase:           { roles: "-  -  -  -  -  -  -  -  -  -  A" },
  // 核查: a collector or the hotline body, never the handler (#loop-verify, #rule-verification,
  // #rule-guangzhou-hotline-body 「审核」): the 监督员 over the area, the 12345 body, and on site
  // the grid's collectors — every grid worker is an information collector (信息员,
  // #role-three-hats), the micro-grid worker reports what they find (#nantong-22), the grid
  // leader walks it. The reporter may confirm the fix (issue 15). That the verifier did not
  // handle it is the decider's (`verifierIsHandler`).
  VerifyCase:            { roles: "S  S  S  -  -  -  -  -  A  -  A", relations: ["reporter"] },
  // 结案: the supervision centre or the hotline body (#loop-close); the level's owner closes
  // what stays at its level (网格事网格了, #gujiao-13).
  CloseCase:             { roles: "A  -  -  -  -  -  A  A  A  -  A" },
  // 回访, 催办, 发回重办: the hotline body (#loop-follow-up, #rule-reminder, #rule-rework), the
  // command centre that passes results back (#role-command-centre), the supervision side.
  FollowUpCase:          { roles: "-  -  -  -  -  -  -  A  A  -  A" },
  RemindCase:            { roles: "-  -  -  -  -  -  -  A  A  -  A" },
  // 报告说明理由: the unit holding the late step, alone, says why (#rule-reminder); 通报批评 is the
  // supervision group's (督查组, #rule-reminder) — the supervisor's, as 督办 is.
  ExplainDelay:          { roles: NOBODY, relations: ["holder"] },
  CriticizeCase:         { roles: "-  -  -  -  -  -  -  -  -  -  A" },
  ReopenCase:            { roles: "-  -  -  -  -  -  -  A  A  -  A" },
  // 并单: duplicates are merged where they are dispatched (「重复诉求事项原则上并单处理」,
  // #rule-hotline-dispatch-review).
  MergeCase:             { roles: "A  -  -  -  -  -  A  A  A  -  -" },
  // 督办 is the supervisor's action (#role-supervisor, #supervision); the notice's responder
  // answers it (督办回复), whatever roles anyone else holds.
  SuperviseCase:         { roles: "-  -  -  -  -  -  -  -  -  -  A" },
  AnswerSupervision:     { roles: NOBODY, relations: ["responder"] },
  // 12345 items come in through the hotline body and the command centre (#haikou-4, #loop-dispatch).
  LinkHotlineTicket:     { roles: "-  -  -  -  -  -  -  A  A  -  -" },
  ReportHotlineOutcome:  { roles: "-  -  -  -  -  -  -  A  A  -  -" },
  // 上报: the micro-grid worker to the grid leader, the grid leader to the community, on up
  // (#escalation, #nantong-22, #nantong-24); the handler asks for help; a supervisor moves it by
  // hand and alone hands it down (下派, #role-supervisor).
  EscalateCase:          { roles: "A  A  A  -  -  -  A  A  -  -  A", relations: ["assignee"] },
  DeEscalateCase:        { roles: "-  -  -  -  -  -  -  -  -  -  A" },
}

// 本地设定: the sources do not say who keeps the map. gridcase gives the map, the departments
// and appointments to the command centre (指挥中心, which "coordinates the departments",
// #rule-dcm-centres); the community's station head renames and redraws its own grids; households
// are registered by whoever knocks on their doors (#door-knocking, #bijie-8), the community and
// the command centre.
// biome-ignore format: the cells line up under the column heads
const TERRITORY: Table<Territory.Command["_tag"]> = {
  //                          GL GW MG PG BH VO SH DI HO DH SU
  CreateArea:       { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  RenameArea:       { roles: "-  -  -  -  -  -  A  A  -  -  -" },
  RedrawBoundary:   { roles: "-  -  -  -  -  -  A  A  -  -  -" },
  RetireArea:       { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  SplitGrid:        { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  MergeGrids:       { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  CreateDepartment: { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  RenameDepartment: { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  RetireDepartment: { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  PlaceHousehold:   { roles: "A  A  A  -  -  -  A  A  -  -  -" },
  MoveHousehold:    { roles: "A  A  A  -  -  -  A  A  -  -  -" },
  RemoveHousehold:  { roles: "A  A  A  -  -  -  A  A  -  -  -" },
  GrantRole:        { roles: "-  -  -  -  -  -  -  A  -  -  -" },
  RevokeRole:       { roles: "-  -  -  -  -  -  -  A  -  -  -" },
}

// biome-ignore format: the cells line up under the column heads
const RESIDENT: Table<Resident.Command["_tag"]> = {
  //                                GL GW MG PG BH VO SH DI HO DH SU
  // The register is kept by those who collect residents' information door to door (#bijie-8,
  // #nantong-22) and the community; each look at its sealed details is theirs (#pipl).
  RegisterResident:       { roles: "A  A  A  -  -  -  A  -  -  -  -" },
  CorrectPersonalDetails: { roles: "A  A  A  -  -  -  A  -  -  -  -" },
  MoveResident:           { roles: "A  A  A  -  -  -  A  -  -  -  -" },
  RevealPersonalDetails:  { roles: "A  A  A  -  -  -  A  -  -  -  -" },
  // 认定: who needs special care, and how often they are visited, is decided by the grid's
  // leader and the community (本地设定: a decision about a person, not a helper's).
  TagResident:            { roles: "A  -  -  -  -  -  A  -  -  -  -" },
  UntagResident:          { roles: "A  -  -  -  -  -  A  -  -  -  -" },
  SetCarePlan:            { roles: "A  -  -  -  -  -  A  -  -  -  -" },
  EndCarePlan:            { roles: "A  -  -  -  -  -  A  -  -  -  -" },
  // 走访: staff, and the residents who help — the party-group leader, building heads and
  // volunteers of Tianhong's 「網格長+黨小組長+微網格員+N名志愿者」 (#nantong-11, #role-volunteer).
  RecordVisit:            { roles: "A  A  A  A  A  A  A  -  -  -  -" },
  // 删除个人信息 (#pipl): a formal request, granted by the community or a supervisor (本地设定).
  EraseResident:          { roles: "-  -  -  -  -  -  A  -  -  -  A" },
}

// The moral bank (#moral-bank, #baotou-23): 「以社区书记为“行长”、网格员为“揽储员”」 — the grid
// collects deposits at the counter (its leader and the community's station with it), the
// president (行长, the community's station head, or a supervisor standing in) approves, takes
// back and expires.
// biome-ignore format: the cells line up under the column heads
const POINTS: Table<Points.Command["_tag"]> = {
  //                         GL GW MG PG BH VO SH DI HO DH SU
  AwardPoints:  { roles:    "A  A  -  -  -  -  A  -  -  -  -",
                  approver: "-  -  -  -  -  -  A  -  -  -  A" },
  RequestAward: { roles:    "A  A  -  -  -  -  A  -  -  -  -" },
  RedeemPoints: { roles:    "A  A  -  -  -  -  A  -  -  -  -" },
  ConfirmAward: { roles:    "-  -  -  -  -  -  A  -  -  -  A" },
  DeclineAward: { roles:    "-  -  -  -  -  -  A  -  -  -  A" },
  ExpirePoints: { roles:    "-  -  -  -  -  -  A  -  -  -  A" },
  ReverseAward: { roles:    "-  -  -  -  -  -  A  -  -  -  A" },
}

// 敲门行动 (#door-knocking): the town sends its cadres (#baotou-6), the community runs it, a
// supervisor may; the knock is recorded by whoever knocks — the grid's workers (#bijie-8), its
// leader (「机关工作人员+基层网格长」, #baotou-7), the party members and helpers of the grid
// (「党员干部」 #baotou-6, #nantong-11), the community's station.
// biome-ignore format: the cells line up under the column heads
const CAMPAIGN: Table<Campaign.Command["_tag"]> = {
  //                               GL GW MG PG BH VO SH DI HO DH SU
  LaunchCampaign:        { roles: "-  -  -  -  -  -  A  A  -  -  A" },
  AddCampaignHouseholds: { roles: "-  -  -  -  -  -  A  A  -  -  A" },
  CloseCampaign:         { roles: "-  -  -  -  -  -  A  A  -  -  A" },
  RecordDoorKnock:       { roles: "A  A  A  A  A  A  A  -  -  -  -" },
}

// A report nobody could place (待定位) is received from anybody, as any report is (#loop-report);
// placing it is dispatching (调度, #rule-53-steps): the command centre, the hotline body, a
// supervisor.
// biome-ignore format: the cells line up under the column heads
const INTAKE: Table<Intake.Command["_tag"]> = {
  //                               GL GW MG PG BH VO SH DI HO DH SU
  ReceiveUnplacedReport: { roles: NOBODY, relations: ["anyone"] },
  LocateReport:          { roles: "-  -  -  -  -  -  -  A  A  -  A" },
}

const TABLES = [
  ["case", Case.Command, CASE],
  ["territory", Territory.Command, TERRITORY],
  ["resident", Resident.Command, RESIDENT],
  ["points", Points.Command, POINTS],
  ["campaign", Campaign.Command, CAMPAIGN],
  ["intake", Intake.Command, INTAKE],
] as const

/** A row's cells, by role. */
const cells = (row: string): ReadonlyMap<Territory.Role, string> => {
  const parsed = row.split(/\s+/).filter((cell) => cell !== "")
  if (parsed.length !== COLUMNS.length || parsed.some((cell) => !["A", "S", "-"].includes(cell))) {
    throw new Error(`a row needs ${COLUMNS.length} cells of A, S or -: "${row}"`)
  }
  return new Map(COLUMNS.map((role, i) => [role, parsed[i] ?? "-"]))
}

/*
 * The place every command is asked about: an owner area inside a street inside a district, a
 * grid under the owner area where the thing lies, and a sibling area apart from both. The target
 * is written by hand; where each aggregate's target function places its commands is
 * targets.test.ts's.
 */
const TARGET: Authorization.Target = {
  area: ["owner-area", "street", "district"],
  site: ["grid", "owner-area", "street", "district"],
  assignee: { _tag: "person", personId: "the-assignee" },
  reporter: "the-reporter",
  responder: { _tag: "person", personId: "the-responder" },
  holder: { _tag: "person", personId: "the-holder" },
}
/** Where a role may be held, and which cells it grants there. */
const PLACES = [
  ["over the area", "owner-area", ["A", "S"]],
  ["above the area", "district", ["A", "S"]],
  ["on site only", "grid", ["S"]],
  ["elsewhere", "next-area", []],
] as const

const holding = (id: string, role: Territory.Role, areaId: string): Authorization.Actor => ({
  id,
  roles: [{ role, scope: { _tag: "area", areaId } }],
})

/** The first role a row grants over the area: whoever the other half of an approved command needs. */
const firstGranted = (row: string): Territory.Role => {
  const granted = COLUMNS.find((role) => cells(row).get(role) === "A")
  if (granted === undefined) throw new Error(`no role granted in "${row}"`)
  return granted
}

/** Whether `authorize` lets `actor` issue `tag` on the target, with the row's approver when it asks for one. */
const granted = (
  tag: Authorization.AuthorizedCommandTag,
  row: Row,
  actor: Authorization.Actor,
  approver?: Authorization.Actor,
): boolean => {
  const named =
    approver ??
    (row.approver === undefined ? undefined : holding("approver", firstGranted(row.approver), "owner-area"))
  const command = { _tag: tag, by: actor.id, ...(named === undefined ? {} : { approvedBy: named.id }) }
  return Result.isSuccess(Authorization.authorize(actor, command, TARGET, named))
}

/** Every cell of a row, as [what is asked, expected, answered]: compared in one go, so a failure lists them all. */
const answers = (tag: Authorization.AuthorizedCommandTag, row: Row) => {
  const relations = row.relations ?? []
  const anyone = relations.includes("anyone")
  const byRole = [...cells(row.roles)].flatMap(([role, cell]) => [
    ...PLACES.map(([where, areaId, grants]) => [
      `${role} ${where}`,
      anyone || (grants as ReadonlyArray<string>).includes(cell),
      granted(tag, row, holding(`a-${role}`, role, areaId)),
    ]),
    [
      `${role} of a department`,
      anyone,
      granted(tag, row, {
        id: `d-${role}`,
        roles: [{ role, scope: { _tag: "department", departmentId: "water" } }],
      }),
    ],
  ])
  const byRelation = (["assignee", "reporter", "responder", "holder"] as const).map((relation) => [
    `its ${relation}, with no role`,
    anyone || relations.includes(relation),
    granted(tag, row, { id: `the-${relation}`, roles: [] }),
  ])
  const stranger = [
    "a resident with no role and no relation",
    anyone,
    granted(tag, row, { id: "resident-9", roles: [] }),
  ]
  return [...byRole, ...byRelation, stranger]
}

/** For a row with an approver: every role as the approver, in each place, beside an issuer the row grants. */
const approverAnswers = (
  tag: Authorization.AuthorizedCommandTag,
  row: Row & { readonly approver: string },
) => {
  const issuer = holding("issuer", firstGranted(row.roles), "owner-area")
  return [...cells(row.approver)].flatMap(([role, cell]) =>
    PLACES.map(([where, areaId]) => [
      `approver ${role} ${where}`,
      cell === "A" && areaId !== "grid" && areaId !== "next-area",
      granted(tag, row, issuer, holding("approver", role, areaId)),
    ]),
  )
}

/**
 * The clauses a refusal names (`needs … over … or … on site at … or to be its …`), each role list
 * sorted: what the row grants, told to whoever is refused, so they know whom to ask.
 */
const clausesOf = (reason: string) =>
  (reason.split("; holds ")[0] ?? "")
    .replace(/^needs /, "")
    .split(" or ")
    .map((clause) => {
      const [roles, place] = clause.split(/ over | on site at /)
      return place === undefined
        ? clause
        : `${roles?.split("/").sort().join("/")} ${clause.includes(" on site at ") ? "on site" : "over"}`
    })

/** The clauses a row's refusal should name, in the order `needs` lists them: roles over the area, on site, relations. */
const expectedClauses = (row: Row): ReadonlyArray<string> => {
  const rows = [...cells(row.roles)]
  const over = rows.filter(([, cell]) => cell === "A").map(([role]) => role)
  const onSite = rows.filter(([, cell]) => cell === "S").map(([role]) => role)
  return [
    ...(over.length === 0 ? [] : [`${over.sort().join("/")} over`]),
    ...(onSite.length === 0 ? [] : [`${onSite.sort().join("/")} on site`]),
    ...(row.relations ?? []).map((relation) => `to be its ${relation}`),
  ]
}

describe("who may do what: authorization agrees with the tables written from the rules", () => {
  it.each(TABLES)("the %s table has one row for each command of its Schema", (_, schema, table) => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(schema.cases).sort())
  })

  const rows = TABLES.flatMap(([aggregate, , table]) =>
    Object.entries(table).map(
      ([tag, row]) => [aggregate, tag as Authorization.AuthorizedCommandTag, row as Row] as const,
    ),
  )

  it.each(rows)("%s: %s, every role in every place, every relation", (_, tag, row) => {
    const cellsAnswered = answers(tag, row)
    expect(cellsAnswered.map(([asked, , answered]) => [asked, answered])).toEqual(
      cellsAnswered.map(([asked, expected]) => [asked, expected]),
    )
  })

  it.each(rows.filter(([, , row]) => !(row.relations ?? []).includes("anyone")))(
    "%s: %s, a refusal names exactly what the row grants",
    (_, tag, row) => {
      const refused = Authorization.authorize(
        { id: "resident-9", roles: [] },
        { _tag: tag, by: "resident-9" },
        TARGET,
      )
      expect(Result.isFailure(refused) && clausesOf(refused.failure.reason)).toEqual(expectedClauses(row))
    },
  )

  it.each(rows.filter(([, , row]) => row.approver !== undefined))(
    "%s: %s, every role as the approver (审批人), and none named",
    (_, tag, row) => {
      const approved = approverAnswers(tag, row as Row & { readonly approver: string })
      expect(approved.map(([asked, , answered]) => [asked, answered])).toEqual(
        approved.map(([asked, expected]) => [asked, expected]),
      )
      const issuer = holding("issuer", firstGranted(row.roles), "owner-area")
      expect(Result.isSuccess(Authorization.authorize(issuer, { _tag: tag, by: "issuer" }, TARGET))).toBe(
        false,
      )
    },
  )
})
