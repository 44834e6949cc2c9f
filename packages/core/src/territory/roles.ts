import { Schema } from "effect"
import type { Level } from "../shared/level.ts"
import { AreaId, DepartmentId } from "./vocabulary.ts"

/**
 * The roles people hold in grid governance (docs/domain.md#roles). A person may hold several, each
 * scoped to one area or department.
 *
 * - `gridLeader` 网格长 — owns a grid (often the community party secretary or a cadre);
 * - `gridWorker` 网格员 — full-time: patrols, visits, reports, handles;
 * - `microGridWorker` 微网格员 — a part-time resident volunteer for one micro-grid;
 * - `partyGroupLeader` 党小组长 — the party group's leader in a grid, beside its leader, micro-grid
 *   workers and volunteers (Tianhong's 「网格长+党小组长+微网格员+N名志愿者」, docs/domain.md#nantong-11);
 * - `buildingHead` 楼栋长 and `volunteer` 志愿者 — residents who help (report, visit, tell);
 * - `stationHead` 站长 — heads a community's residents' workstation (居民工作站), which takes on cases
 *   with the departments and volunteers (docs/domain.md#role-station-head);
 * - `dispatcher` 指挥中心 — the street or district command centre: dispatches and runs the map;
 * - `hotlineOperator` 12345 — takes hotline tickets and reports outcomes back;
 * - `departmentHandler` 部门处置人员 — handles what is dispatched to their department;
 * - `supervisor` 督办员 / 监督员 — the person who supervises: approves exception requests, presses
 *   overdue cases (`SuperviseCase` is the action), escalates and de-escalates by hand
 *   (docs/domain.md#role-supervisor).
 */
export const ROLES = [
  "gridLeader",
  "gridWorker",
  "microGridWorker",
  "partyGroupLeader",
  "buildingHead",
  "volunteer",
  "stationHead",
  "dispatcher",
  "hotlineOperator",
  "departmentHandler",
  "supervisor",
] as const
/** A role a person holds (角色), scoped to one area or department (see `ROLE_SCOPES`). */
export const Role = Schema.Literals(ROLES).annotate({ identifier: "Role" })
export type Role = typeof Role.Type

/** Where a role applies: an area (and everything under it) or one functional department. */
export const RoleScope = Schema.Union([
  Schema.TaggedStruct("area", { areaId: AreaId }),
  Schema.TaggedStruct("department", { departmentId: DepartmentId }),
]).annotate({ identifier: "RoleScope" })
export type RoleScope = typeof RoleScope.Type

/** One role one person holds, with its scope. */
export const ScopedRole = Schema.Struct({ role: Role, scope: RoleScope }).annotate({
  identifier: "ScopedRole",
})
export type ScopedRole = typeof ScopedRole.Type

/**
 * The levels at which each role can be held, or `"department"` for department staff. A grid
 * worker belongs to a grid, a station head to a community, a command centre to a street or
 * the district; granting a role elsewhere is refused (`roleScopeMismatch`).
 */
export const ROLE_SCOPES: { readonly [R in Role]: ReadonlyArray<Level> | "department" } = {
  gridLeader: ["grid"],
  gridWorker: ["grid"],
  microGridWorker: ["microGrid"],
  partyGroupLeader: ["grid"],
  buildingHead: ["grid", "microGrid"],
  volunteer: ["community", "grid", "microGrid"],
  stationHead: ["community"],
  dispatcher: ["street", "district"],
  hotlineOperator: ["street", "district"],
  departmentHandler: "department",
  supervisor: ["community", "street", "district"],
}

/**
 * Residents who help out rather than staff (群众力量): they report and visit, but a case handed
 * to their area is not theirs to receive. A party-group leader is a resident party member too.
 */
export const HELPER_ROLES: ReadonlySet<Role> = new Set(["partyGroupLeader", "buildingHead", "volunteer"])

export const sameScope = (a: RoleScope, b: RoleScope): boolean =>
  a._tag === "area"
    ? b._tag === "area" && a.areaId === b.areaId
    : b._tag === "department" && a.departmentId === b.departmentId

export const sameScopedRole = (a: ScopedRole, b: ScopedRole): boolean =>
  a.role === b.role && sameScope(a.scope, b.scope)

/** "gridWorker@nanshan-grid-03" — for messages. */
export const showScopedRole = ({ role, scope }: ScopedRole): string =>
  `${role}@${scope._tag === "area" ? scope.areaId : `department:${scope.departmentId}`}`
