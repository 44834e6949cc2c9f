import type { Case } from "@gridcase/core"
import { acceptedEvents, runCommands } from "@gridcase/core/testing"
import { arbitraryCaseLifecycles } from "@gridcase/core/testing/arbitraries"
import type fc from "fast-check"
import { caseDecider, config } from "./cases.ts"

/**
 * A store's worth of case events: several cases' lives (from core's lifecycle walks, so they
 * reach closes, reopens, escalations, shelving, voids, merges and hotline outcomes), each
 * decided by the case decider, interleaved in time order as the store would have received them.
 */
export const arbitraryCaseHistory = (maxCases = 6): fc.Arbitrary<ReadonlyArray<Case.Event>> =>
  arbitraryCaseLifecycles(config, { cases: { min: 1, max: maxCases } }).map((lifecycles) =>
    lifecycles
      .flatMap((commands) => acceptedEvents(runCommands(caseDecider, commands)))
      // A stable sort: each case keeps its own order, cases interleave by time.
      .sort((a, b) => a.at - b.at),
  )
