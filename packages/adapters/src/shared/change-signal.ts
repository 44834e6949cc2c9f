/**
 * Wakes live subscriptions (订阅) when something may have been appended.
 *
 * A subscriber takes the wake-up with `next()` *before* it reads, then waits on it only if
 * the read came back short: an append that lands between the read and the wait has already
 * resolved that promise, so no wake-up is ever lost.
 */
export class ChangeSignal {
  private resolve: () => void = () => {}
  private pending: Promise<void> = this.renew()

  /** Resolves on the first `notify()` after this call. */
  next(): Promise<void> {
    return this.pending
  }

  notify(): void {
    const resolve = this.resolve
    this.pending = this.renew()
    resolve()
  }

  private renew(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolve = resolve
    })
  }
}
