import { Case, Level, Territory } from "@gridcase/core"
import { CaseIndex, CaseLights } from "@gridcase/projections"
import { Effect } from "effect"
import { BadRequest, call } from "../http/api-errors.ts"
import type { Office } from "../office/office.ts"
import { parseW3cDatetime } from "../open311/arguments.ts"
import { STATUS_LABELS } from "../vocabulary.ts"
import { type CaseRow, dutiesOf, rowOf, type TodoRow } from "./case-rows.ts"
import type { CaseSearchQuery } from "./office-api-definition.ts"
import { coversCase, coversPlace, type Scope, scopeOf } from "./scope.ts"

type SearchQuery = { readonly [K in keyof typeof CaseSearchQuery]?: string | undefined }

/** How many rows a page holds when the caller does not say (本地设定), and at most. */
const PAGE = 50
const MAX_PAGE = 200
/** How many handled cases "my work" shows (本地设定). */
const DONE = 50

/** Where a caller's cases are: the areas their roles cover, their departments' and their own. */
export const lookupsOf = (territory: Territory.State, scope: Scope): CaseIndex.Lookups => ({
  gridIds: territory.exists
    ? [...territory.areas].map(([areaId]) => areaId).filter((areaId) => coversPlace(territory, scope, areaId))
    : [],
  assignees: [
    `person:${scope.personId}`,
    ...scope.departments.map((departmentId) => `department:${departmentId}`),
  ],
  reporters: [scope.personId],
})

const listOf = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")

/** Every item of a comma-separated filter must be one of the known values. */
const known = <A extends string>(name: string, text: string | undefined, values: ReadonlyArray<A>) => {
  const items = listOf(text)
  const isKnown = (item: string): item is A => (values as ReadonlyArray<string>).includes(item)
  const unknown = items.find((item) => !isKnown(item))
  return unknown === undefined
    ? Effect.succeed(items.filter(isKnown))
    : Effect.fail(
        new BadRequest({
          error: `${name} must be among ${values.join(", ")}; got ${JSON.stringify(unknown)}`,
        }),
      )
}

const dateOf = (name: string, text: string | undefined) => {
  if (text === undefined || text === "") return Effect.succeed(undefined)
  const at = parseW3cDatetime(text)
  return at === undefined
    ? Effect.fail(
        new BadRequest({
          error: `${name} must be a date or an ISO 8601 time with its zone, got ${JSON.stringify(text)}`,
        }),
      )
    : Effect.succeed(at)
}

/** Every case status, in the loop's order (the vocabulary names each one). */
const STATUSES = Object.keys(STATUS_LABELS) as ReadonlyArray<Case.Status>

/** The sort key of a row, and the cursor that resumes after it. */
const sortValue = (entry: CaseIndex.Entry, sort: string) =>
  sort.endsWith("lastAt") ? entry.case.lastAt : entry.case.steps.whole.startedAt

const cursorOf = (value: number, caseId: string) =>
  Buffer.from(JSON.stringify([value, caseId])).toString("base64url")

const parseCursor = (text: string | undefined) => {
  if (text === undefined) return Effect.succeed(undefined)
  try {
    const [value, caseId] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as [unknown, unknown]
    if (typeof value === "number" && typeof caseId === "string") return Effect.succeed({ value, caseId })
  } catch {
    // not a cursor this office made
  }
  return Effect.fail(new BadRequest({ error: "cursor is not one this office gave out" }))
}

/**
 * Case search (案件检索) within the caller's scope: read from the case index (never a stream),
 * filtered, sorted (newest reported first by default, the case id breaking ties) and paged by
 * a cursor that resumes after the last row shown, so a page never repeats or skips a row.
 */
export const searchCases = (office: Office, personId: string, query: SearchQuery) =>
  Effect.gen(function* () {
    const statuses = yield* known("status", query.status, STATUSES)
    const levels = yield* known("level", query.level, Level.LEVELS)
    const sources = yield* known("source", query.source, Case.Source.literals)
    const from = yield* dateOf("from", query.from)
    const to = yield* dateOf("to", query.to)
    const cursor = yield* parseCursor(query.cursor)
    const limit = Math.min(Number(query.limit ?? PAGE), MAX_PAGE)
    const sort = query.sort ?? "-reportedAt"
    const territory = yield* call(office.district)
    const scope = scopeOf(territory, personId)
    const now = office.now()
    const area = query.area
    const found = yield* call(() =>
      office.query(
        CaseIndex.find(lookupsOf(territory, scope), {
          statuses,
          levels,
          categories: listOf(query.category),
          sources,
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          ...(query.q === undefined ? {} : { text: query.q }),
          keep: ({ case: c }) =>
            // The scope once more, as commands decide it: what a lookup found must be the caller's.
            coversCase(territory, scope, c) &&
            (area === undefined ||
              (territory.exists && Territory.isWithin(territory, c.location.gridId, area))) &&
            (query.assignee === undefined ||
              (c.assignee?._tag === "person" && c.assignee.personId === query.assignee)) &&
            (query.department === undefined ||
              (c.assignee?._tag === "department" && c.assignee.departmentId === query.department)) &&
            (query.overdue === undefined ||
              CaseLights.isOverdue(c, now, office.config) === (query.overdue === "true")),
        }),
      ),
    )
    const direction = sort.startsWith("-") ? -1 : 1
    const sorted = [...found].sort(
      (a, b) =>
        direction * (sortValue(a, sort) - sortValue(b, sort)) || a.case.caseId.localeCompare(b.case.caseId),
    )
    const start =
      cursor === undefined
        ? 0
        : sorted.findIndex(
            (entry) =>
              direction * (sortValue(entry, sort) - cursor.value) > 0 ||
              (sortValue(entry, sort) === cursor.value && entry.case.caseId.localeCompare(cursor.caseId) > 0),
          )
    const page = start === -1 ? [] : sorted.slice(start, start + limit)
    const last = page.at(-1)
    const more = start !== -1 && start + limit < sorted.length
    return {
      items: page.map((entry) => rowOf(entry, now, office.config)),
      nextCursor: more && last !== undefined ? cursorOf(sortValue(last, sort), last.case.caseId) : null,
    }
  })

/**
 * My work (我的待办 / 已办): the open cases in the caller's scope with something the rules give
 * to the caller — their next step, the approval they wait for, the answer to a supervision
 * notice (督办回复), the reason for a reminded delay (报告说明理由) — each naming what is due, most urgent (oldest) first; and the cases they
 * acted on, latest first.
 */
export const myWork = (office: Office, personId: string) =>
  Effect.gen(function* () {
    const territory = yield* call(office.district)
    const scope = scopeOf(territory, personId)
    const now = office.now()
    const open = yield* call(() =>
      office.query(
        CaseIndex.find(lookupsOf(territory, scope), {
          keep: ({ case: c }) => !Case.isSettled(c) && coversCase(territory, scope, c),
        }),
      ),
    )
    const todo = [...open]
      .sort((a, b) => a.case.steps.whole.startedAt - b.case.steps.whole.startedAt)
      .flatMap((entry): ReadonlyArray<TodoRow> => {
        const due = dutiesOf(territory, personId, entry.case, now, office.config)
        return due.length === 0 ? [] : [{ ...rowOf(entry, now, office.config), due }]
      })
    const done = yield* call(() => office.query(CaseIndex.find({ actors: [personId] })))
    const rows = (entries: ReadonlyArray<CaseIndex.Entry>): ReadonlyArray<CaseRow> =>
      entries.map((entry) => rowOf(entry, now, office.config))
    return {
      todo,
      done: rows(
        [...done]
          .sort(
            (a, b) =>
              (b.actors[personId] ?? 0) - (a.actors[personId] ?? 0) ||
              a.case.caseId.localeCompare(b.case.caseId),
          )
          .slice(0, DONE),
      ),
    }
  })
