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

/** Residents (居民), their visits and the moral bank. Staff only. */
export class ResidentsGroup extends HttpApiGroup.make("residents")
  .add(
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

/** Who the caller is, and the office's figures. Staff only. */
export class StaffGroup extends HttpApiGroup.make("staff")
  .add(
    HttpApiEndpoint.get("me", "/api/me", { success: Me, error: API_ERRORS }).annotateMerge(
      summary("Who the token belongs to, and their roles"),
    ),
    HttpApiEndpoint.get("dashboard", "/api/dashboard", {
      success: Schema.Unknown.annotate({ description: "the dashboard's figures" }),
      error: API_ERRORS,
    }).annotateMerge(summary("The dashboard's figures: the measures a grid office is judged by")),
  )
  .middleware(StaffAuth) {}

/** What anyone may read: the change feed carries store positions only, no ids and no names. */
export class PublicGroup extends HttpApiGroup.make("public").add(
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
