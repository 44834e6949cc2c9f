import type { Role } from "../territory/roles.ts"

/**
 * # Authorization rules (权限规则) — the format
 *
 * Who may issue each command, and where, is data: one table per aggregate, typed as a mapped
 * type over that aggregate's command tags, `RuleTable<XCommandTag>`. A new command without a
 * rule is then a compile error, and `test/authorization/coverage.test.ts` checks each table's
 * keys against its command Schema's tags.
 *
 * A rule grants the command when any of its clauses holds for the actor and the `Target`:
 * - `roles`: the actor holds one of these roles scoped to an area that contains the target's
 *   `area` (a community role covers the community's grids; a street role its communities…);
 * - `onSite`: the same, against the target's `site` (where the thing physically is);
 * - `self`: the actor is the target's `assignee` (the person it was dispatched to, a handler of
 *   the department, or staff of the unit), its `reporter`, its `responder` (a supervision
 *   notice's addressee, matched as an assignee is) or its `holder` (the unit holding the step
 *   the command names, matched the same way);
 * - `anyone`: everybody, residents without any role included (reporting a problem).
 * Department-scoped roles cover no area: department staff act through `self: ["assignee"]`.
 *
 * A rule may also ask for an approver (审批人): `approvedBy` lists the roles the person the
 * command names as its approver (the command's own `approvedBy` field) must hold over the
 * target's `area`. That is a second condition, not another clause: the command is granted only
 * when a clause grants the issuer *and* the named approver holds one of those roles there. A
 * command that names no approver, or an approver the territory does not know (who then holds
 * no role), is refused. A command whose Schema has an `approvedBy` field must have such a rule,
 * and only those may (the coverage test checks both: an unchecked approver is anyone). Approval
 * by the issuer themself is refused by the decider (it does not depend on roles), not here.
 *
 * To authorize a new aggregate (residents, points…):
 * 1. write `src/authorization/<aggregate>-rules.ts` with `export const X_RULES: RuleTable<XCommandTag>`
 *    and a pure `xTarget(territory, command, state): Target` that places the command in the
 *    territory (use `ancestry` from `territory/hierarchy.ts`);
 * 2. add the table to `COMMAND_RULES` in `command-rules.ts` (tags must not repeat across tables);
 * 3. add `[XCommand, X_RULES]` to the coverage test's list, and the aggregate's who-may-do-what
 *    table to `test/authorization/who-may.oracle.test.ts`, one row per command written from
 *    docs/domain.md (not from `X_RULES`: the oracle is what the rules say, cell by cell);
 * 4. guard the handler: pass `authorize` to `makeCommandHandler`, resolving the actor with
 *    `actorIn(territory, context.actor)` and calling `authorize(actor, command, xTarget(...))`
 *    (see `guarded-case-handler.ts`); when a rule asks for an approver, resolve them in the same
 *    territory with `approverIn(territory, command)` and pass them as `authorize`'s fourth
 *    argument (see `guarded-points-handler.ts`).
 */
export interface Rule {
  /** Roles that may issue the command over the target's area (see above). */
  readonly roles: ReadonlyArray<Role>
  /** Roles that may issue it over the target's site. */
  readonly onSite?: ReadonlyArray<Role>
  /** Relations to the target that suffice on their own. */
  readonly self?: ReadonlyArray<SelfRelation>
  /** Open to everybody. */
  readonly anyone?: true
  /**
   * Roles the approver the command names (审批人, its `approvedBy`) must hold over the target's
   * area, on top of a clause above granting the issuer.
   */
  readonly approvedBy?: ReadonlyArray<Role>
}

/**
 * - `assignee`: the target is dispatched to the actor (签收, 退回, 处置, 办结 are the receiver's);
 * - `reporter`: the actor reported it (a reporter may confirm the fix, 核查);
 * - `responder`: the open supervision notice (督办单) went to the actor — in person, to their
 *   department or to the unit they staff — who answers it (督办回复);
 * - `holder`: the step the command names is held by the actor (its assignee the handling, the
 *   notice's responder the answer), who alone reports why it is late (报告说明理由).
 */
export type SelfRelation = "assignee" | "reporter" | "responder" | "holder"

/** One rule per command tag of an aggregate. */
export type RuleTable<Tag extends string> = { readonly [K in Tag]: Rule }
