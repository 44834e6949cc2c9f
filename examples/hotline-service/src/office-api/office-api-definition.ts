import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { API_ERRORS } from "../http/api-errors.ts"
import { CommandHeaders } from "../http/json-body.ts"
import {
  CaseCommandBody,
  PointsCommandBody,
  RegisterResidentBody,
  ReportBody,
  ResidentCommandBody,
} from "./command-bodies.ts"
import { StaffAuth } from "./staff-auth.ts"

/** Every id in the office API's paths (a case's, a resident's) is a string of at most 200 characters. */
const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))

/** What a handled command answers: the events it appended (none again for a retry) and where it stands. */
export const HandledCommand = Schema.Struct({
  caseId: Schema.String,
  events: Schema.Array(Schema.String),
  duplicate: Schema.Boolean,
  status: Schema.optional(Schema.String),
  level: Schema.optional(Schema.String),
}).annotate({ identifier: "HandledCommand" })

export const HandledResidentCommand = Schema.Struct({
  residentId: Schema.String,
  events: Schema.Array(Schema.String),
  duplicate: Schema.Boolean,
  raisedCase: Schema.optional(Schema.Struct({ caseId: Schema.String, status: Schema.String })),
}).annotate({ identifier: "HandledResidentCommand" })

export const HandledPointsCommand = Schema.Struct({
  residentId: Schema.String,
  events: Schema.Array(Schema.String),
  duplicate: Schema.Boolean,
  balance: Schema.Number,
}).annotate({ identifier: "HandledPointsCommand" })

/** A step's time limit and light (红黄绿灯), times in Asia/Shanghai. */
export const StepTimerView = Schema.Struct({
  step: Schema.String,
  startedAt: Schema.String,
  endedAt: Schema.NullOr(Schema.String),
  dueAt: Schema.String,
  limit: Schema.Unknown.annotate({ description: "the policy's limit for the step" }),
  used: Schema.Number.annotate({ description: "elapsed time over the limit (1 = exactly at it)" }),
  light: Schema.Literals(["green", "yellow", "red"]),
}).annotate({ identifier: "StepTimer" })

export const CaseView = Schema.Struct({
  case: Schema.Unknown.annotate({ description: "the case as core's OpenedCase holds it" }),
  timers: Schema.Array(StepTimerView),
  timeline: Schema.Array(Schema.Struct({ at: Schema.String, type: Schema.String, by: Schema.String })),
}).annotate({ identifier: "CaseView" })

/** A case as lists show it: summary, step lights and what it waits for. */
export const CaseRow = Schema.Struct({
  caseId: Schema.String,
  status: Schema.String,
  level: Schema.String,
  category: Schema.String,
  source: Schema.String,
  urgency: Schema.String,
  gridId: Schema.String,
  address: Schema.NullOr(Schema.String),
  description: Schema.String,
  reportedAt: Schema.String,
  lastAt: Schema.String,
  assignee: Schema.NullOr(Schema.Unknown),
  pending: Schema.NullOr(Schema.Struct({ kind: Schema.String, by: Schema.String })),
  lights: Schema.Array(Schema.Struct({ step: Schema.String, light: Schema.String, dueAt: Schema.String })),
  overdue: Schema.Boolean,
  waitingFor: Schema.NullOr(Schema.String),
  supervision: Schema.NullOr(
    Schema.Struct({
      reason: Schema.String,
      responder: Schema.Unknown,
      by: Schema.String,
      at: Schema.String,
      dueAt: Schema.NullOr(Schema.String),
      light: Schema.NullOr(Schema.String),
    }),
  ).annotate({ description: "督办单: the open supervision notice, who must answer it and by when" }),
}).annotate({ identifier: "CaseRow" })

/** A to-do row (待办): a case row and what of it is the caller's to do. */
export const TodoRow = Schema.Struct({
  ...CaseRow.fields,
  due: Schema.Array(Schema.String).annotate({
    description:
      "the caller's: the step the case waits for (as waitingFor), answerSupervision (督办回复), explainDelay (报告说明理由: a step they hold was reminded past its deadline, no reason on record)",
  }),
}).annotate({ identifier: "TodoRow" })

export const CasePage = Schema.Struct({
  items: Schema.Array(CaseRow),
  nextCursor: Schema.NullOr(Schema.String).annotate({
    description: "pass as `cursor` for the next page; null on the last",
  }),
}).annotate({ identifier: "CasePage" })

export const MyWork = Schema.Struct({
  todo: Schema.Array(TodoRow).annotate({
    description:
      "待办: cases whose next step (or approval), or a supervision notice's answer, is the caller's",
  }),
  done: Schema.Array(CaseRow).annotate({ description: "已办: cases the caller acted on, latest first" }),
}).annotate({ identifier: "MyWork" })

const list = (description: string) =>
  Schema.optional(Schema.String.check(Schema.isMaxLength(500))).annotate({ description })

/** The filters of the case search: every list is comma-separated, "any of". */
export const CaseSearchQuery = {
  status: list("statuses, e.g. reported,registered"),
  level: list("levels: microGrid, grid, community, street, district"),
  area: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
    description: "a grid or an area, with everything under it",
  }),
  category: list("category codes"),
  source: list("sources: patrol, residentReport, hotline, visit…"),
  assignee: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
    description: "a person it is dispatched to",
  }),
  department: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
    description: "a department it is dispatched to",
  }),
  overdue: Schema.optional(Schema.Literals(["true", "false"])).annotate({
    description: "open with some step red (超期), as the dashboard counts overdue",
  }),
  from: Schema.optional(Schema.String).annotate({
    description: "reported at or after (ISO 8601 with zone, or a date)",
  }),
  to: Schema.optional(Schema.String).annotate({
    description: "reported at or before (ISO 8601 with zone, or a date)",
  }),
  q: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
    description: "words of the description",
  }),
  sort: Schema.optional(Schema.Literals(["reportedAt", "-reportedAt", "lastAt", "-lastAt"])).annotate({
    description: "newest reported first by default",
  }),
  limit: Schema.optional(Schema.String.check(Schema.isPattern(/^[1-9]\d{0,2}$/))).annotate({
    description: "rows per page, 1–200 (50 by default)",
  }),
  cursor: Schema.optional(Schema.String.check(Schema.isMaxLength(400))),
}

export const Me = Schema.Struct({
  personId: Schema.String,
  roles: Schema.Array(Schema.Struct({ role: Schema.String, scope: Schema.Unknown })),
}).annotate({ identifier: "Me" })

const summary = (text: string) => OpenApi.annotations({ summary: text })

/** Cases (案件): report, run the loop, read. Staff only. */
export class CasesGroup extends HttpApiGroup.make("cases")
  .add(
    HttpApiEndpoint.post("report", "/api/cases", {
      headers: CommandHeaders,
      payload: ReportBody,
      success: HandledCommand.pipe(HttpApiSchema.status(201)),
      error: API_ERRORS,
    }).annotateMerge(summary("Report a case (上报)")),
    HttpApiEndpoint.post("command", "/api/cases/:caseId/commands", {
      params: { caseId: Id },
      headers: CommandHeaders,
      payload: CaseCommandBody,
      success: HandledCommand,
      error: API_ERRORS,
    }).annotateMerge(
      summary(
        "Run a step of the case loop: register, dispatch, acknowledge, handle, resolve, verify, close…",
      ),
    ),
    HttpApiEndpoint.get("search", "/api/cases", {
      query: CaseSearchQuery,
      success: CasePage,
      error: API_ERRORS,
    }).annotateMerge(
      summary("Case search (案件检索) within the caller's scope: filtered, sorted, a page at a time"),
    ),
    HttpApiEndpoint.get("read", "/api/cases/:caseId", {
      params: { caseId: Id },
      success: CaseView,
      error: API_ERRORS,
    }).annotateMerge(summary("A case in the caller's scope: its state, step lights (红黄绿灯) and timeline")),
  )
  .middleware(StaffAuth)
  .annotateMerge(
    OpenApi.annotations({ description: "Cases (案件), for staff: every call needs a staff token" }),
  ) {}

/** A resident as the register lists them: no personal details, with last month's visit compliance. */
export const ResidentRow = Schema.Struct({
  residentId: Schema.String,
  householdId: Schema.String,
  areaId: Schema.NullOr(Schema.String),
  buildingId: Schema.NullOr(Schema.String),
  tags: Schema.Array(Schema.String),
  carePlans: Schema.Array(Schema.Struct({ tag: Schema.String, visits: Schema.Number, per: Schema.String })),
  lastVisitAt: Schema.NullOr(Schema.String),
  compliance: Schema.Struct({
    from: Schema.String,
    to: Schema.String,
    due: Schema.Number,
    met: Schema.Number,
  }).annotate({ description: "care visits (走访) due and made in the last whole month" }),
  erased: Schema.Boolean,
}).annotate({ identifier: "ResidentRow" })

export const RevealBody = Schema.Struct({
  reason: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(2000)).annotate({
    description: "why the details are needed; kept in the resident's log with who and when",
  }),
}).annotate({ identifier: "RevealBody" })

/** Residents (居民), their visits and the moral bank. Staff only. */
export class ResidentsGroup extends HttpApiGroup.make("residents")
  .add(
    HttpApiEndpoint.get("list", "/api/residents", {
      query: {
        area: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
          description: "a grid or an area, with everything under it",
        }),
        tag: Schema.optional(Schema.String.check(Schema.isMaxLength(100))).annotate({
          description: "a special-care tag (重点人群), e.g. elderlyAlone",
        }),
        building: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
          description: "a building (楼栋), as the territory records the households in it",
        }),
      },
      success: Schema.Struct({ items: Schema.Array(ResidentRow) }),
      error: API_ERRORS,
    }).annotateMerge(
      summary(
        "The residents living in the areas the caller's roles cover, with visit compliance; details stay sealed",
      ),
    ),
    HttpApiEndpoint.post("reveal", "/api/residents/:residentId/reveal", {
      params: { residentId: Id },
      headers: CommandHeaders,
      payload: RevealBody,
      success: Schema.Struct({
        residentId: Schema.String,
        person: Schema.Unknown.annotate({
          description: 'the personal details, or { "_tag": "Erased" } once erased',
        }),
      }),
      error: API_ERRORS,
    }).annotateMerge(
      summary(
        "Show a resident's personal details (查看个人信息), for a reason that is recorded with who and when",
      ),
    ),
    HttpApiEndpoint.post("register", "/api/residents", {
      headers: CommandHeaders,
      payload: RegisterResidentBody,
      success: HandledResidentCommand.pipe(HttpApiSchema.status(201)),
      error: API_ERRORS,
    }).annotateMerge(
      summary("Register a resident (居民登记); personal details are sealed before they are stored"),
    ),
    HttpApiEndpoint.post("command", "/api/residents/:residentId/commands", {
      params: { residentId: Id },
      headers: CommandHeaders,
      payload: ResidentCommandBody,
      success: HandledResidentCommand,
      error: API_ERRORS,
    }).annotateMerge(
      summary("Tag, plan care, record a visit (which may raise a case), move, correct or erase a resident"),
    ),
    HttpApiEndpoint.get("read", "/api/residents/:residentId", {
      params: { residentId: Id },
      success: Schema.Unknown.annotate({ description: "the resident without personal details" }),
      error: API_ERRORS,
    }).annotateMerge(
      summary("A resident without personal details: tags, care plans, visits (for roles over their grid)"),
    ),
    HttpApiEndpoint.post("points", "/api/residents/:residentId/points", {
      params: { residentId: Id },
      headers: CommandHeaders,
      payload: PointsCommandBody,
      success: HandledPointsCommand,
      error: API_ERRORS,
    }).annotateMerge(summary("The moral bank (道德银行): request, confirm, redeem, expire, reverse")),
    HttpApiEndpoint.get("ledger", "/api/residents/:residentId/points", {
      params: { residentId: Id },
      success: Schema.Unknown.annotate({ description: "the balance and the awards" }),
      error: API_ERRORS,
    }).annotateMerge(summary("A resident's balance and awards")),
  )
  .middleware(StaffAuth)
  .annotateMerge(
    OpenApi.annotations({ description: "Residents (居民), for staff: every call needs a staff token" }),
  ) {}

/** A report waiting for its location (待定位), as the dispatcher's list shows it. */
export const WaitingReport = Schema.Struct({
  reportId: Schema.String,
  areaId: Schema.String,
  receivedAt: Schema.String,
  source: Schema.String,
  category: Schema.String,
  urgency: Schema.String,
  description: Schema.String,
  location: Schema.Struct({
    address: Schema.optional(Schema.String),
    lat: Schema.optional(Schema.Number),
    long: Schema.optional(Schema.Number),
  }),
}).annotate({ identifier: "WaitingReport" })

/** Where the dispatcher places a report: a grid of the area it waits in. */
export const LocateBody = Schema.Struct({
  gridId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  note: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(2000))),
}).annotate({ identifier: "LocateBody" })

/** The triage queue (待定位): reports no grid matched, for the dispatchers over the area they wait in. */
export class TriageGroup extends HttpApiGroup.make("triage")
  .add(
    HttpApiEndpoint.get("queue", "/api/triage", {
      success: Schema.Array(WaitingReport),
      error: API_ERRORS,
    }).annotateMerge(
      summary("Reports waiting for their location in the areas the caller's roles cover, oldest first"),
    ),
    HttpApiEndpoint.post("locate", "/api/triage/:reportId/locate", {
      params: { reportId: Id },
      headers: CommandHeaders,
      payload: LocateBody,
      success: HandledCommand,
      error: API_ERRORS,
    }).annotateMerge(
      summary(
        "Place a waiting report in a grid (定位派单): its case is reported there with the report's id and time of receipt",
      ),
    ),
  )
  .middleware(StaffAuth) {}

/** One area of the territory as the caller may see it. */
export const AreaView = Schema.Struct({
  areaId: Schema.String,
  name: Schema.String,
  level: Schema.String,
  parentId: Schema.NullOr(Schema.String),
  kind: Schema.NullOr(Schema.Unknown).annotate({
    description: "a grid's kind: comprehensive, or dedicated to a purpose",
  }),
  /** Outside the caller's scope, an area above theirs shows its name only, to root the tree. */
  covered: Schema.Boolean,
  boundary: Schema.NullOr(Schema.Unknown).annotate({
    description: "GeoJSON Polygon or MultiPolygon (WGS84)",
  }),
  staff: Schema.Array(Schema.Struct({ personId: Schema.String, role: Schema.String })),
  households: Schema.Array(Schema.String).annotate({ description: "households placed in it now" }),
  buildings: Schema.Array(Schema.String).annotate({
    description: "the buildings (楼栋) those households live in",
  }),
  createdAt: Schema.String,
  retiredAt: Schema.NullOr(Schema.String),
  replacedBy: Schema.Array(Schema.String).annotate({
    description: "re-gridding: the areas that took its place",
  }),
}).annotate({ identifier: "AreaView" })

/** The territory (辖区) an office serves: its area tree as far as the caller's roles reach. */
export class TerritoryGroup extends HttpApiGroup.make("territory")
  .add(
    HttpApiEndpoint.get("tree", "/api/territory", {
      success: Schema.Struct({ territoryId: Schema.String, areas: Schema.Array(AreaView) }),
      error: API_ERRORS,
    }).annotateMerge(
      summary("The area tree with each grid's boundary, staff and households, and its re-gridding history"),
    ),
  )
  .middleware(StaffAuth) {}

/** Who the caller is, and the office's figures. Staff only. */
export class StaffGroup extends HttpApiGroup.make("staff")
  .add(
    HttpApiEndpoint.get("me", "/api/me", { success: Me, error: API_ERRORS }).annotateMerge(
      summary("Who the token belongs to, and their roles"),
    ),
    HttpApiEndpoint.get("work", "/api/me/work", { success: MyWork, error: API_ERRORS }).annotateMerge(
      summary("My work (我的待办 / 已办): what waits for the caller, and what they handled"),
    ),
    HttpApiEndpoint.get("dashboard", "/api/dashboard", {
      query: {
        area: Schema.optional(Schema.String.check(Schema.isMaxLength(200))).annotate({
          description:
            "filter the panels to an area (a grid, a community, a street) with everything under it",
        }),
      },
      success: Schema.Unknown.annotate({ description: "the dashboard's figures" }),
      error: API_ERRORS,
    }).annotateMerge(summary("The dashboard's figures: the measures a grid office is judged by")),
    HttpApiEndpoint.get("dashboardMap", "/api/dashboard/map", {
      success: Schema.Unknown.annotate({
        description:
          "a GeoJSON FeatureCollection: every active grid's boundary, with its name, community, street and staff",
      }),
      error: API_ERRORS,
    }).annotateMerge(summary("The map of the grids the dashboard draws (GeoJSON, no tiles)")),
  )
  .middleware(StaffAuth) {}

const Labels = Schema.Record(Schema.String, Schema.Struct({ zh: Schema.String, en: Schema.String }))

/** What anyone may read: the change feed carries store positions only, no ids and no names. */
export class PublicGroup extends HttpApiGroup.make("public").add(
  HttpApiEndpoint.get("vocabulary", "/api/vocabulary", {
    success: Schema.Struct({
      statuses: Labels,
      levels: Labels,
      sources: Labels,
      steps: Labels,
      lights: Labels,
      categories: Labels,
      events: Labels,
      escalationReasons: Labels,
      roles: Labels,
      actors: Labels.annotate({
        description:
          "processes and clients that act, by exact id or by the prefix (ending in `:`) of their ids",
      }),
    }).annotate({ identifier: "Vocabulary" }),
  }).annotateMerge(
    OpenApi.annotations({
      summary:
        "The office's words: Chinese and English labels of statuses, levels, sources, steps, lights, categories, case events, escalation reasons, roles and acting processes",
      description: "Public: the same labels the API and the Open311 notes use, for pages to show.",
    }),
  ),
  HttpApiEndpoint.get("events", "/api/events", {
    success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/event-stream" })),
  }).annotateMerge(
    OpenApi.annotations({
      summary: "Server-sent events: `change` whenever the read models have taken in new events",
      description:
        "Public: each event carries the store position only (no case, person or ticket id), so a page knows to fetch again with its token.",
    }),
  ),
) {}

/**
 * The office API (工作人员接口), declared once: routes, request and response Schemas (built
 * from core's command Schemas), refusals with their statuses, and the staff token. The server,
 * the OpenAPI document at `/api/openapi.json` and any typed client are derived from it.
 */
export class OfficeApi extends HttpApi.make("office")
  .add(CasesGroup)
  .add(ResidentsGroup)
  .add(TriageGroup)
  .add(TerritoryGroup)
  .add(StaffGroup)
  .add(PublicGroup)
  .annotateMerge(
    OpenApi.annotations({
      title: "gridcase office API",
      version: "2.0.0",
      description:
        "The grid office's API for staff (网格化服务管理中心). Every command is issued in the name of the person the bearer token belongs to, and stamped with the office's clock; every read is limited to what the caller's roles cover. Public: this document, `/api/events` and the Open311 endpoints under `/open311/v2/`.",
    }),
  ) {}

/**
 * A value as JSON has it (undefined fields dropped, dates as strings): what a field declared
 * `Schema.Unknown` (a case as core holds it, the dashboard's figures) is answered as.
 */
export const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
