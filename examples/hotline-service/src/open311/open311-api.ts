import { type Case, Territory } from "@gridcase/core"
import { UnplacedReports } from "@gridcase/projections"
import { Effect, Schema } from "effect"
import { HttpRouter, type HttpServerRequest, HttpServerResponse } from "effect/http"
import { answerOf } from "../http/api-errors.ts"
import { IdempotencyKey, readBody } from "../http/json-body.ts"
import type { Office } from "../office/office.ts"
import { type Arguments, argumentsOf, parseW3cDatetime, shown } from "./arguments.ts"
import { CONTENT_TYPES, type Open311Format, type Open311Value, render } from "./format.ts"
import { Open311Error } from "./open311-error.ts"
import { reportRequest, requestIdOfToken } from "./report-request.ts"
import { levelName, open311Status } from "./request-status.ts"
import { type AgencyOf, requestView, updateView, waitingView } from "./request-view.ts"
import { requestsIn, type ServiceRequestDoc, serviceRequest, updatesIn } from "./requests-projection.ts"
import { ATTRIBUTES, isServiceCode, open311Service, SERVICE_CODES, serviceNotice } from "./services.ts"

export const OPEN311_ROOT = "/open311/v2"

export interface Open311Options {
  readonly office: Office
  /** api_key → the client application it was issued to. */
  readonly apiKeys: ReadonlyMap<string, string>
  /** This office's jurisdiction_id; a request naming another one is refused (404). */
  readonly jurisdictionId: string
  /** Where the service is reachable, for the discovery document. */
  readonly baseUrl: () => string
  /** Known building addresses (楼栋地址) → households, for routing `address_string`. */
  readonly directory: Territory.AddressDirectory
  /** Bumped when the service list changes, so clients know to refresh cached definitions. */
  readonly changeset: string
  /** The office's own area, whose dispatchers locate what no grid matched; the territory's root by default. */
  readonly intakeAreaId?: string
}

const DAY = 24 * 60 * 60 * 1000
/** GeoReport v2: the default window is the most recent 90 days, and at most 1,000 requests come back. */
export const DEFAULT_WINDOW = 90 * DAY
export const MAX_REQUESTS = 1000

interface Reply {
  readonly status?: number
  readonly root: string
  readonly value: Open311Value
}

type Open311Handler = (
  request: HttpServerRequest.HttpServerRequest,
  args: Arguments,
  params: ReadonlyArray<string>,
) => Promise<Reply>

const FORMAT = "\\.(json|xml|[A-Za-z0-9]+)"

const formatOf = (extension: string | undefined): Open311Format => {
  if (extension === "json" || extension === "xml") return extension
  throw new Open311Error(400, `unsupported format ${shown(extension ?? "")}: use .xml or .json`)
}

/** Who answers for a case: the department it is dispatched to, else the area that owns its level. */
export const agencyIn =
  (territory: Territory.State): AgencyOf =>
  (c: Case.OpenedCase) => {
    if (territory.exists && c.assignee?._tag === "department") {
      return Territory.departmentOf(territory, c.assignee.departmentId)?.name ?? c.assignee.departmentId
    }
    const owner = territory.exists ? Territory.areaAtLevel(territory, c.location.gridId, c.level) : undefined
    const area = owner === undefined || !territory.exists ? undefined : Territory.areaOf(territory, owner)
    return area === undefined ? levelName(c.level) : `${area.name} (${levelName(c.level)})`
  }

const checkJurisdiction = (options: Open311Options, args: Arguments) => {
  const jurisdiction = args.one("jurisdiction_id")
  if (jurisdiction !== undefined && jurisdiction !== options.jurisdictionId) {
    throw new Open311Error(
      404,
      `jurisdiction_id ${shown(jurisdiction)} was not found (this is ${options.jurisdictionId})`,
    )
  }
}

/** A request as the public sees it: a case, or a report still waiting for its location (待定位). */
type Found = { readonly case: ServiceRequestDoc } | { readonly waiting: UnplacedReports.Report }

const view = async (options: Open311Options, found: ReadonlyArray<Found>) => {
  const { office } = options
  const territory = await office.district()
  const agencyOf = agencyIn(territory)
  return found.map((one) => {
    if ("case" in one) return requestView(one.case, office.config, agencyOf)
    const area = territory.exists ? Territory.areaOf(territory, one.waiting.areaId) : undefined
    return waitingView(one.waiting, office.config, area?.name ?? one.waiting.areaId)
  })
}

/** A request by id: its case, else its report waiting in a queue, else undefined. */
const byId = async (office: Office, id: string): Promise<Found | undefined> => {
  const doc = await office.query(serviceRequest(id))
  if (doc !== undefined) return { case: doc }
  const waiting = await office.query(UnplacedReports.one(id))
  return waiting === undefined ? undefined : { waiting }
}

/** Waiting reports received within a window, of these service codes (all when none), newest first. */
const waitingIn = async (office: Office, from: number, to: number, serviceCodes: ReadonlyArray<string>) => {
  const territory = await office.district()
  const areas = territory.exists ? [...territory.areas].map(([areaId]) => areaId) : []
  const waiting = await office.query(UnplacedReports.waitingIn(areas))
  return waiting
    .filter((report) => report.at >= from && report.at <= to)
    .filter((report) => serviceCodes.length === 0 || serviceCodes.includes(report.category))
    .reverse()
}

const discovery =
  (options: Open311Options): Open311Handler =>
  async () => ({
    root: "discovery",
    value: {
      changeset: options.changeset,
      contact:
        "网格化服务管理中心 — the grid office's duty desk (值班室), office hours 09:00–18:00 Asia/Shanghai",
      key_service: "Ask the grid office for an api_key; the demo key is printed when the service starts",
      endpoints: [
        {
          specification: "http://wiki.open311.org/GeoReport_v2",
          url: `${options.baseUrl()}${OPEN311_ROOT}`,
          changeset: options.changeset,
          type: "production",
          formats: ["text/xml", "application/json"],
        },
      ],
    },
  })

const services: Open311Handler = async () => ({
  root: "services",
  value: SERVICE_CODES.map(open311Service),
})

const definition: Open311Handler = async (_request, _args, [code = ""]) => {
  if (!isServiceCode(code)) throw new Open311Error(404, `service_code ${shown(code)} was not found`)
  return {
    root: "service_definition",
    value: { service_code: code, attributes: ATTRIBUTES },
  }
}

const post =
  (options: Open311Options): Open311Handler =>
  async (request, args) => {
    // One read of the territory serves the request: routing it and its command's authorization.
    const arrived = performance.now()
    const apiKey = args.one("api_key")
    if (apiKey === undefined)
      throw new Open311Error(403, "api_key was not provided -- can't proceed with create_request")
    const client = options.apiKeys.get(apiKey)
    if (client === undefined)
      throw new Open311Error(403, "Invalid api_key received -- can't proceed with create_request")
    const token = request.headers["idempotency-key"]
    if (token !== undefined && !Schema.is(IdempotencyKey)(token)) {
      throw new Open311Error(400, "Idempotency-Key must be 1 to 200 characters")
    }
    const report = reportRequest(args, {
      caseId: token === undefined ? options.office.newId() : requestIdOfToken(token),
      at: options.office.now(),
      client,
      territory: await options.office.district(arrived),
      directory: options.directory,
      ...(options.intakeAreaId === undefined ? {} : { intakeAreaId: options.intakeAreaId }),
    })
    const context =
      token === undefined ? { readsSince: arrived } : { commandId: `open311:${token}`, readsSince: arrived }
    const { command, accountId } = report
    if (report._tag === "placed")
      await options.office.settle(await options.office.cases.send(report.command, context))
    else await options.office.settle((await options.office.intake.send(report.command, context)).intake)
    return {
      root: "service_requests",
      value: [
        {
          service_request_id: report._tag === "placed" ? report.command.caseId : report.command.reportId,
          service_notice: serviceNotice(
            options.office.config.policy,
            command.category,
            command.urgency === "urgent",
          ),
          account_id: accountId,
        },
      ],
    }
  }

const list =
  (options: Open311Options): Open311Handler =>
  async (_request, args) => {
    const ids = args.list("service_request_id")
    if (ids.length > MAX_REQUESTS)
      throw new Open311Error(400, `at most ${MAX_REQUESTS} service_request_id at once`)
    if (ids.length > 0) {
      // "This overrides all other arguments."
      const found = await Promise.all(ids.map((id) => byId(options.office, id)))
      return {
        root: "service_requests",
        value: await view(
          options,
          found.filter((one) => one !== undefined),
        ),
      }
    }
    const statuses = args.list("status")
    for (const status of statuses) {
      if (status !== "open" && status !== "closed") {
        throw new Open311Error(400, `status must be open or closed (comma delimited), got ${shown(status)}`)
      }
    }
    const { from, to } = windowOf(args, options.office.now())
    const serviceCodes = args.list("service_code")
    const docs = await options.office.query(
      requestsIn({
        from,
        to,
        serviceCodes,
        keep: (doc) => statuses.length === 0 || statuses.includes(open311Status(doc.case)),
        limit: MAX_REQUESTS,
      }),
    )
    // Reports waiting for their location are open requests too.
    const waiting =
      statuses.length === 0 || statuses.includes("open")
        ? await waitingIn(options.office, from, to, serviceCodes)
        : []
    const found: Array<Found & { readonly at: number }> = [
      ...docs.map((doc) => ({ case: doc, at: doc.requestedAt })),
      ...waiting.map((report) => ({ waiting: report, at: report.at })),
    ]
    found.sort((a, b) => b.at - a.at)
    return { root: "service_requests", value: await view(options, found.slice(0, MAX_REQUESTS)) }
  }

const one =
  (options: Open311Options): Open311Handler =>
  async (_request, _args, [id = ""]) => {
    const found = await byId(options.office, id)
    if (found === undefined) throw new Open311Error(404, `service_request_id ${shown(id)} was not found`)
    return { root: "service_requests", value: await view(options, [found]) }
  }

const tokens =
  (options: Open311Options): Open311Handler =>
  async (_request, _args, [token = ""]) => {
    const id = requestIdOfToken(token)
    if ((await byId(options.office, id)) === undefined) {
      throw new Open311Error(404, `token ${shown(token)} was not found`)
    }
    return { root: "service_requests", value: [{ service_request_id: id, token }] }
  }

const updates =
  (options: Open311Options): Open311Handler =>
  async (_request, args) => {
    const { from, to } = windowOf(args, options.office.now())
    const found = await options.office.query(updatesIn(from, to, MAX_REQUESTS))
    return { root: "service_request_updates", value: found.map(updateView) }
  }

/** The endpoints under the root, each a method, a path pattern and its handler for this office. */
const endpointsOf = (options: Open311Options): ReadonlyArray<Endpoint> =>
  [
    ["GET", "discovery", discovery(options)],
    ["GET", "services", services],
    ["GET", "services/([^/]+?)", definition],
    ["POST", "requests", post(options)],
    ["GET", "requests", list(options)],
    ["GET", "requests/([^/]+?)", one(options)],
    ["GET", "tokens/([^/]+?)", tokens(options)],
    ["GET", "servicerequestupdates", updates(options)],
  ].map(([method, path, handler]) => ({
    method: method as string,
    pattern: new RegExp(`^${OPEN311_ROOT}/${path as string}${FORMAT}$`),
    handler: handler as Open311Handler,
  }))

/** Answers one request under the root: the endpoint it names, in the format it asks for. */
const answerWith =
  (options: Open311Options, endpoints: ReadonlyArray<Endpoint>) =>
  (request: HttpServerRequest.HttpServerRequest) =>
    Effect.gen(function* () {
      const url = URL.canParse(request.url, "http://localhost")
        ? new URL(request.url, "http://localhost")
        : undefined
      let path: string | undefined
      try {
        path = url === undefined ? undefined : decodeURIComponent(url.pathname)
      } catch {
        path = undefined
      }
      // The format comes first: even an error must be answered in the format asked for.
      const format: Open311Format = path?.endsWith(".json") === true ? "json" : "xml"
      const failed = (error: Open311Error) =>
        open311Response(format, error.status, "errors", [
          { code: error.status, description: error.description },
        ])
      if (url === undefined || path === undefined)
        return failed(new Open311Error(400, "the URL is malformed"))
      if (path === OPEN311_ROOT || path === `${OPEN311_ROOT}/`) {
        return HttpServerResponse.redirect(`${OPEN311_ROOT}/discovery.xml`, { status: 302 })
      }
      const method = request.method === "HEAD" ? "GET" : request.method
      const found = endpoints.flatMap((endpoint) => {
        const params = endpoint.pattern.exec(path)
        return params === null ? [] : [{ endpoint, params: params.slice(1).map((param) => param ?? "") }]
      })
      const match = found.find(({ endpoint }) => endpoint.method === method)
      if (match === undefined) {
        if (found.length === 0) return failed(new Open311Error(404, `${path} is not an Open311 endpoint`))
        return HttpServerResponse.setHeader(
          failed(new Open311Error(405, `${request.method} is not allowed here`)),
          "allow",
          [...new Set(found.map(({ endpoint }) => endpoint.method))].join(", "),
        )
      }
      const extension = match.params.at(-1)
      return yield* Effect.gen(function* () {
        const args = argumentsOf(
          method === "POST" ? yield* postedArguments(request, url.searchParams) : url.searchParams,
        )
        yield* Effect.try({
          try: () => {
            formatOf(extension)
            checkJurisdiction(options, args)
          },
          catch: (error) => error,
        })
        const reply = yield* Effect.tryPromise({
          try: () => match.endpoint.handler(request, args, match.params.slice(0, -1)),
          catch: (error) => error,
        })
        return open311Response(format, reply.status ?? 200, reply.root, reply.value)
      }).pipe(
        Effect.catch((error) => {
          const refused = toOpen311Error(error)
          return refused === undefined ? Effect.die(error) : Effect.succeed(failed(refused))
        }),
      )
    })

/**
 * The GeoReport v2 endpoints (with FixMyStreet's `servicerequestupdates`) under `/open311/v2/`,
 * mounted on the service's router as one route: the standard's `.json`/`.xml` suffixes, form
 * bodies and error lists are its own.
 */
export const open311Routes = (options: Open311Options) =>
  HttpRouter.add("*", `${OPEN311_ROOT}/*`, answerWith(options, endpointsOf(options)))

interface Endpoint {
  readonly method: string
  /** Matched against the whole decoded path; capture groups become the handler's params, the last the format. */
  readonly pattern: RegExp
  readonly handler: Open311Handler
}

/**
 * A POST's arguments: the union of the query string and the form, the form winning for a name
 * it has. Field clients send `api_key` and `jurisdiction_id` in the query, and some send every
 * argument there with an empty body and no content type. A body needs the standard's form type
 * (`application/x-www-form-urlencoded`, or `multipart/form-data` as photo-uploading clients send
 * it; an uploaded file is not kept: media are referred to by `media_url`).
 */
const postedArguments = (request: HttpServerRequest.HttpServerRequest, query: URLSearchParams) =>
  Effect.gen(function* () {
    const bytes = yield* readBody(request).pipe(
      Effect.mapError((error) => new Open311Error(error._tag === "PayloadTooLarge" ? 413 : 400, error.error)),
    )
    const type = request.headers["content-type"] ?? ""
    const kind = type.split(";")[0]!.trim().toLowerCase()
    if (bytes.length === 0 && (kind === "" || kind === "application/x-www-form-urlencoded")) return query
    let form: URLSearchParams
    if (kind === "application/x-www-form-urlencoded") {
      form = new URLSearchParams(bytes.toString("utf8"))
    } else if (kind === "multipart/form-data") {
      const parsed = yield* Effect.tryPromise({
        try: () =>
          new globalThis.Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData(),
        catch: () => new Open311Error(400, "the multipart/form-data body could not be read"),
      })
      form = new URLSearchParams()
      for (const [name, value] of parsed) if (typeof value === "string") form.append(name, value)
    } else {
      return yield* Effect.fail(
        new Open311Error(400, "POST a form: Content-Type must be application/x-www-form-urlencoded"),
      )
    }
    const union = new URLSearchParams()
    for (const [name, value] of query) if (!form.has(name)) union.append(name, value)
    for (const [name, value] of form) union.append(name, value)
    return union
  })

/** The requested_datetime window of a query: both bounds, or 90 days back from the one given or from now. */
const windowOf = (args: Arguments, now: number): { from: number; to: number } => {
  const date = (name: string) => {
    const text = args.one(name)
    if (text === undefined) return undefined
    const at = parseW3cDatetime(text)
    if (at === undefined) {
      throw new Open311Error(
        400,
        `${name} must be a W3C datetime with a zone, e.g. 2026-01-01T00:00:00Z; got ${shown(text)}`,
      )
    }
    return at
  }
  const start = date("start_date")
  const end = date("end_date")
  const to = end ?? (start === undefined ? now : start + DEFAULT_WINDOW)
  const from = start ?? to - DEFAULT_WINDOW
  if (to < from) throw new Open311Error(400, "end_date is before start_date")
  if (to - from > DEFAULT_WINDOW)
    throw new Open311Error(400, "start_date and end_date may not span more than 90 days")
  return { from, to }
}

const open311Response = (format: Open311Format, status: number, root: string, value: Open311Value) =>
  HttpServerResponse.text(render(format, root, value), { status, contentType: CONTENT_TYPES[format] })

/** A refusal in the standard's shape; undefined for anything unexpected (a defect, reported). */
const toOpen311Error = (error: unknown): Open311Error | undefined => {
  if (error instanceof Open311Error) return error
  // A report the case rules refuse (a malformed field, a duplicate id…) is the client's to fix.
  const answer = answerOf(error)
  if (answer === undefined) return undefined
  return new Open311Error(answer._tag === "Unavailable" ? 503 : 400, answer.error)
}
