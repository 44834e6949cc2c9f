/**
 * The first thing a new user runs: one case reported by a grid worker, registered, dispatched,
 * handled with an extension, verified, closed, called back (回访) and its outcome reported to the 12345 hotline —
 * then its timeline and step lights, as a grid office would read them.
 */
import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { BusinessClock, Gridcase, Instant } from "@gridcase/core"

const clock = BusinessClock.makeFixed(Date.UTC(2026, 2, 10, 1, 30)) // Tue 2026-03-10 09:30 in Shanghai
const desk = Gridcase.make({ store: makeMemoryEventStore(), clock })
const caseId = "nanshan-2026-0042"

/** Sends one command stamped with the clock's time, then lets `after` milliseconds pass. */
const send = async (command: Record<string, unknown>, after: number) => {
  await desk.cases.send({ caseId, at: clock.now(), ...command })
  clock.advance(after)
}

await send(
  {
    _tag: "ReportCase",
    by: "worker-liu",
    source: "hotline",
    hotlineTicketId: "12345-20260310-0042",
    category: "neighbourDispute",
    urgency: "normal",
    description: "楼上漏水至楼下卫生间 — water leaking from the flat above into the bathroom",
    location: { gridId: "nanshan-grid-07", address: "南山社区 12 栋 3 单元 402" },
    level: "grid",
  },
  20 * Instant.MINUTE,
)
await send({ _tag: "RegisterCase", by: "dispatcher-zhou" }, 10 * Instant.MINUTE)
await send(
  { _tag: "DispatchCase", by: "dispatcher-zhou", assignee: { _tag: "person", personId: "worker-liu" } },
  15 * Instant.MINUTE,
)
await send({ _tag: "AcknowledgeCase", by: "worker-liu" }, 5 * Instant.MINUTE)
await send({ _tag: "StartHandling", by: "worker-liu" }, 2 * Instant.HOUR)
await send(
  { _tag: "AddProgressNote", by: "worker-liu", note: "约好双方周四上门，需物业配合关阀" },
  10 * Instant.MINUTE,
)
await send(
  { _tag: "RequestExtension", by: "worker-liu", minutes: 8 * 60, reason: "等待物业维修工" },
  30 * Instant.MINUTE,
)
await send({ _tag: "ApproveRequest", by: "leader-sun", kind: "extension" }, 24 * Instant.HOUR)
await send(
  { _tag: "ResolveCase", by: "worker-liu", result: "更换楼上防水层，双方签字确认" },
  2 * Instant.HOUR,
)
await send({ _tag: "VerifyCase", by: "leader-sun", passed: true }, 20 * Instant.HOUR)
await send({ _tag: "CloseCase", by: "dispatcher-zhou" }, 2 * Instant.HOUR)
// 回访: the 12345 desk calls the reporter back after closing; the verdict comes with the call.
await send({ _tag: "FollowUpCase", by: "dispatcher-zhou", satisfaction: "satisfied" }, 10 * Instant.MINUTE)
await send(
  { _tag: "ReportHotlineOutcome", by: "dispatcher-zhou", outcome: "网格内化解", solvedByGrid: true },
  0,
)

console.log(`Case ${caseId} — timeline (Asia/Shanghai)\n`)
for (const event of await desk.cases.history(caseId)) {
  const data = event.data as { by?: string }
  console.log(
    `  ${Instant.toShanghaiIso(event.metadata.recordedAt)}  ${event.type.padEnd(24)} by ${data.by ?? "?"}`,
  )
}
console.log("\nStep limits and lights (红黄绿灯)\n")
for (const timer of await desk.cases.timers(caseId)) {
  const percent = `${Math.round(timer.used * 100)}%`.padStart(5)
  console.log(
    `  ${timer.step.padEnd(12)} ${timer.light.padEnd(7)} ${percent} of ${timer.limit.minutes} ${timer.limit.clock} min`,
  )
}
const state = await desk.cases.get(caseId)
if (state.exists)
  console.log(`\nFinal status: ${state.status} at level ${state.level}, satisfaction ${state.satisfaction}`)
await desk.dispose()
