import { Deferred, Effect } from "effect"
import type { CheckpointNews } from "./checkpoint-news.ts"

/**
 * Looks at the shared read-model checkpoints (多实例): how an instance on standby for a
 * projection sees the holder's progress. Every wait in the instance shares them (合并读取): a
 * look reads every projection's checkpoint at once, and the waits that look while a read is
 * about to begin share it, so an announcement heard by many waiting requests costs one round
 * trip, not one per request and projection (bench/findings.md, finding 19).
 */
export interface CheckpointLooks {
  /** Every projection's shared checkpoint position (0 when never started), from a read begun after this call. */
  readonly look: Effect.Effect<ReadonlyMap<string, number>, unknown>
}

/**
 * Shares `read` (every shared checkpoint) among the looks of this instance. Always current:
 * each look is answered by a read that began after it was asked — a read already out may have
 * begun before a commit the caller must see, so callers that come while one is out wait for the
 * next, which begins when it ends. A read begins only after the fibers woken with its first
 * caller (by one announcement, say) have had their turn, so that they all share it (the first
 * caller does not read on its own, as core's kept reader does: that would cost a second read).
 */
export const makeCheckpointLooks = (read: Effect.Effect<ReadonlyMap<string, number>, unknown>) => {
  let out = false
  /** The callers of the read not yet begun. */
  let next: Deferred.Deferred<ReadonlyMap<string, number>, unknown> | undefined
  const start = (): Effect.Effect<void> =>
    Effect.suspend(() => {
      out = true
      // Detached: the callers may go away, the read still hands over to those after them. A
      // forked fiber begins on the scheduler's next turn, after the fibers woken with the caller.
      return Effect.asVoid(
        Effect.forkDetach(
          Effect.suspend(() => {
            const waiting = next!
            next = undefined
            return Effect.flatMap(Effect.exit(read), (exit) => Deferred.done(waiting, exit))
          }).pipe(
            Effect.ensuring(
              Effect.suspend(() => {
                out = false
                return next === undefined ? Effect.void : start()
              }),
            ),
          ),
        ),
      )
    })
  const looks: CheckpointLooks = {
    look: Effect.suspend(() => {
      if (next !== undefined) return Deferred.await(next)
      const waiting = Deferred.makeUnsafe<ReadonlyMap<string, number>, unknown>()
      next = waiting
      return (out ? Effect.void : start()).pipe(Effect.andThen(Deferred.await(waiting)))
    }),
  }
  return looks
}

/** How often a wait on the shared checkpoint looks again when no news comes (a NOTIFY may be lost). */
const UNHEARD_LOOK_EVERY = 100

/**
 * Waits until the projection's shared checkpoint reaches `position`. With news of checkpoints
 * (LISTEN/NOTIFY) it looks at once, then each time an instance announces a commit, and every
 * 100 ms all the same; without, at doubling pauses from 2 ms up to 100 ms. `held`: this
 * instance's runner advances the projection and will tell first; the shared checkpoint matters
 * only if it lost the lease meanwhile, so the first look waits 100 ms.
 */
export const sharedCheckpointReaches = (
  looks: CheckpointLooks,
  news: CheckpointNews | undefined,
  projection: string,
  position: number,
  held: boolean,
) =>
  Effect.gen(function* () {
    const reached = Effect.map(looks.look, (positions) => (positions.get(projection) ?? 0) >= position)
    if (held) yield* Effect.sleep(UNHEARD_LOOK_EVERY)
    if (news !== undefined) {
      for (;;) {
        // Taken before the look: a commit the look misses is announced after it, and wakes this wait.
        const heard = news.next()
        if (yield* reached) return
        yield* Effect.raceFirst(
          Effect.promise(() => heard),
          Effect.sleep(UNHEARD_LOOK_EVERY),
        )
      }
    }
    for (let pause = 2; ; pause = Math.min(pause * 2, UNHEARD_LOOK_EVERY)) {
      if (yield* reached) return
      yield* Effect.sleep(pause)
    }
  })
