/**
 * Tells other processes that appends committed (跨进程唤醒), coalesced: at most one
 * `send` in flight, plus one more if `wake` was called meanwhile, so a burst of appends
 * costs a couple of notifications rather than one per append.
 *
 * Sent after commit rather than inside the append's transaction: PostgreSQL holds a
 * cluster-wide lock while a transaction that issued NOTIFY commits, which serialises such
 * commits and stops them sharing a WAL flush (bench/findings.md, finding 1). A failed send
 * is dropped: subscribers poll, so a lost wake-up costs at most their poll interval.
 */
export const coalescedWakeUp = (send: () => Promise<unknown>): (() => void) => {
  let inFlight = false
  let again = false
  const run = () => {
    inFlight = true
    again = false
    send()
      .catch(() => {})
      .finally(() => {
        if (again) run()
        else inFlight = false
      })
  }
  return () => {
    if (inFlight) again = true
    else run()
  }
}
