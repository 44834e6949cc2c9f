/** A throttled cross-process wake-up: `wake` after each commit, `close` when the store closes. */
export interface WakeUp {
  readonly wake: () => void
  /** Drops a pending wake-up; later `wake` calls do nothing. */
  readonly close: () => void
}

/**
 * Tells other processes that appends committed (跨进程唤醒), throttled: at most one `send`
 * per `intervalMillis` and never two in flight; wake-ups in between collapse into one sent
 * when the interval is up, so the last commit is always announced.
 *
 * Sent after commit rather than inside the append's transaction: PostgreSQL holds a
 * cluster-wide lock while a transaction that issued NOTIFY commits, which serialises such
 * commits and stops them sharing a WAL flush (bench/findings.md, finding 1). Throttled because a
 * NOTIFY per append is a second statement per append, which halved a lone writer's appends
 * (finding 11); other processes' subscribers hear of new events at most `intervalMillis` later.
 * A failed send is dropped: subscribers poll, so a lost wake-up costs at most their poll interval.
 */
export const throttledWakeUp = (send: () => Promise<unknown>, intervalMillis: number): WakeUp => {
  let lastSent = Number.NEGATIVE_INFINITY
  let inFlight = false
  let pending = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const fire = () => {
    timer = undefined
    pending = false
    inFlight = true
    lastSent = Date.now()
    send()
      .catch(() => {})
      .finally(() => {
        inFlight = false
        if (pending) schedule()
      })
  }
  const schedule = () => {
    if (closed || inFlight || timer !== undefined) return
    const wait = lastSent + intervalMillis - Date.now()
    if (wait <= 0) fire()
    else {
      timer = setTimeout(fire, wait)
      timer.unref?.()
    }
  }
  return {
    wake: () => {
      pending = true
      schedule()
    },
    close: () => {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
    },
  }
}
