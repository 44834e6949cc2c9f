import fc from "fast-check"
import { shanghaiCalendar } from "../../../src/calendar/china-mainland.ts"
import type { CaseCommand } from "../../../src/case/commands.ts"
import { type CaseDeciderConfig, makeCaseDecider } from "../../../src/case/decide.ts"
import { defaultPolicy } from "../../../src/policy/default-policy.ts"
import type { EscalationPolicy } from "../../../src/policy/policy.ts"
import { HOUR } from "../../../src/shared/instant.ts"
import { arbitraryCaseCommands } from "../../../src/testing/arbitraries/case.ts"
import {
  arbitraryCaseLifecycle,
  arbitraryCaseLifecycles,
  type CaseLifecycleOptions,
} from "../../../src/testing/arbitraries/case-lifecycle.ts"
import { arbitraryPolicy } from "../../../src/testing/arbitraries/policy.ts"

/** The shipped configuration: the default policy on the Shanghai 2025–2026 calendar. */
export const config: CaseDeciderConfig = { policy: defaultPolicy, calendar: shanghaiCalendar }
export const decider = makeCaseDecider(config)

/** Enough generated histories to reach every status many times, while each file runs in seconds. */
export const RUNS = { numRuns: 150 }

export const DAY = 24 * HOUR

/**
 * Commands fall in 2025 up to early August 2026: generated policies allow up to 30 working days
 * per level plus up to 3 extensions of 10 working days, and those deadlines must still fall
 * within the calendar's known years.
 */
const WINDOW = {
  from: shanghaiCalendar.knownRange.start,
  until: shanghaiCalendar.knownRange.end - 150 * DAY,
}

/** A configuration that a failing example prints as its policy data, not as lookup functions and calendar tables. */
const printable = (policy: EscalationPolicy): CaseDeciderConfig => {
  const described = {
    policy,
    calendar: shanghaiCalendar,
    [fc.toStringMethod]: () => `{ policy: ${fc.stringify(policy.data)}, calendar: ${shanghaiCalendar.name} }`,
  }
  return described
}

/** The shipped policy now and then, generated ones mostly: the rules must hold for any valid policy. */
const arbitraryConfig: fc.Arbitrary<CaseDeciderConfig> = fc.oneof(
  { arbitrary: fc.constant(printable(defaultPolicy)), weight: 1 },
  { arbitrary: arbitraryPolicy.map(printable), weight: 2 },
)

/** One case's commands under some policy (the walk depends on the policy, hence `chain`). */
export const caseUnderAnyPolicy = (
  options: CaseLifecycleOptions = {},
): fc.Arbitrary<{ readonly config: CaseDeciderConfig; readonly commands: ReadonlyArray<CaseCommand> }> =>
  arbitraryConfig.chain((config) =>
    arbitraryCaseLifecycle(config, { window: WINDOW, ...options }).map((commands) => ({ config, commands })),
  )

/**
 * One case's commands under some policy, opened where the policy lets a case skip levels (the
 * category, urgency and level of one of its skip rules) when it has any: skips are rare in
 * random cases, and the properties about them need many.
 */
export const caseAtASkipUnderAnyPolicy = (): fc.Arbitrary<{
  readonly config: CaseDeciderConfig
  readonly commands: ReadonlyArray<CaseCommand>
}> =>
  arbitraryConfig.chain((config) => {
    const skips = config.policy.data.skips
    const atASkip = () =>
      fc
        .tuple(
          arbitraryCaseCommands({ caseId: "case-1", at: WINDOW.from }).ReportCase,
          fc.constantFrom(...skips),
        )
        .map(([report, skip]) => ({
          ...report,
          category: skip.category,
          urgency: skip.urgency ?? report.urgency,
          level: skip.from,
        }))
    const options = skips.length === 0 ? { window: WINDOW } : { window: WINDOW, opening: atASkip() }
    return arbitraryCaseLifecycle(config, options).map((commands) => ({ config, commands }))
  })

/** Several cases' commands under some policy. */
export const casesUnderAnyPolicy = (): fc.Arbitrary<{
  readonly config: CaseDeciderConfig
  readonly cases: ReadonlyArray<ReadonlyArray<CaseCommand>>
}> =>
  arbitraryConfig.chain((config) =>
    arbitraryCaseLifecycles(config, { window: WINDOW }).map((cases) => ({ config, cases })),
  )

/** Gaps between deadline checks run after a case's commands: minutes to days. */
export const arbitraryTickGaps = fc.array(fc.integer({ min: 1, max: 3 * DAY }), { maxLength: 8 })
