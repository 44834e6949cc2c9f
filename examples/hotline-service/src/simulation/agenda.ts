import type { Instant } from "@gridcase/core"

/**
 * One thing the simulation will do at `at`: a command by a resident's carers, the moral bank,
 * the door-knocking campaign or someone working a case (`send`), or a run of the deadline
 * process (`tick`). `seq` orders what falls on the same minute as it was planned.
 */
export type Scheduled =
  | {
      readonly at: Instant.Instant
      readonly seq: number
      readonly kind: "resident" | "points" | "campaign" | "send"
      readonly command: Readonly<Record<string, unknown>>
    }
  | { readonly at: Instant.Instant; readonly seq: number; readonly kind: "tick" }

/** What is planned, soonest first. */
export interface Agenda {
  readonly push: (item: Scheduled) => void
  readonly peek: () => Scheduled | undefined
  readonly pop: () => Scheduled | undefined
}

/** A binary min-heap on (at, seq): the simulation's agenda. */
export const makeAgenda = (): Agenda => {
  const heap: Array<Scheduled> = []
  const before = (a: Scheduled, b: Scheduled) => a.at < b.at || (a.at === b.at && a.seq < b.seq)
  return {
    push: (item) => {
      heap.push(item)
      let i = heap.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!before(heap[i]!, heap[parent]!)) break
        ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
        i = parent
      }
    },
    peek: () => heap[0],
    pop: () => {
      const top = heap[0]
      const last = heap.pop()
      if (heap.length > 0 && last !== undefined) {
        heap[0] = last
        let i = 0
        for (;;) {
          const left = 2 * i + 1
          const right = left + 1
          let smallest = i
          if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left
          if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right
          if (smallest === i) break
          ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
          i = smallest
        }
      }
      return top
    },
  }
}
