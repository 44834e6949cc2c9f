import { INPUTS } from "./inputs.ts"

/** Minutes of one worker's effort by where it went: the 721 method's three parts. */
interface Minutes {
  grid: number
  business: number
  duty: number
}

/**
 * A log of the grid workers' effort during the run, in minutes per task (`INPUTS.effortMinutes`,
 * an assumption): in the grid — a working day's patrol, care visits, door-knocks and the reports
 * they file on patrol;
 * on business (受理业务) — every other step they take on a case; on rotating duty (轮流上岗) —
 * the working days of their turn.
 */
export const makeEffortLog = (workers: ReadonlyArray<string>) => {
  const minutes = new Map<string, Minutes>(
    workers.map((worker) => [worker, { grid: 0, business: 0, duty: 0 }]),
  )
  const { visit, knock, caseStep, patrol, duty } = INPUTS.effortMinutes.value
  return {
    workers,
    minutes: minutes as ReadonlyMap<string, Readonly<Minutes>>,
    inGrid: (worker: string, task: "visit" | "knock") => {
      const of = minutes.get(worker)
      if (of !== undefined) of.grid += task === "visit" ? visit : knock
    },
    /** A step on a case; a report is made on patrol, in the grid. */
    onCase: (worker: string, report: boolean) => {
      const of = minutes.get(worker)
      if (of === undefined) return
      if (report) of.grid += caseStep
      else of.business += caseStep
    },
    /** A working day's patrol of the worker's grids (巡查). */
    patrol: (worker: string) => {
      const of = minutes.get(worker)
      if (of !== undefined) of.grid += patrol
    },
    duty: (worker: string) => {
      const of = minutes.get(worker)
      if (of !== undefined) of.duty += duty
    },
  }
}

/** The effort split of the grid workers over the run, against the 721 method (docs/domain.md#baotou-36). */
export interface Effort {
  /** Share of all logged minutes spent in the grid (the method: 70 % of effort). */
  readonly inGrid: number | undefined
  /** Share spent on business, case steps (the method: 20 % of time). */
  readonly business: number | undefined
  /** Share spent on rotating duty. */
  readonly duty: number | undefined
  /** Share of the workers on duty on a working day (the method: 10 % of the staff). */
  readonly staffOnDuty: number | undefined
  /** Logged hours per worker on a working day, on average. */
  readonly hoursPerWorkerDay: number | undefined
  /** The busiest workers by logged minutes. */
  readonly busiest: ReadonlyArray<{
    readonly worker: string
    readonly grid: number
    readonly business: number
    readonly duty: number
  }>
}

/** Sums the log into the split the 721 method names. */
export const effortSplit = (log: ReturnType<typeof makeEffortLog>, workingDays: number): Effort => {
  const all = [...log.minutes.values()]
  const sum = (of: (minutes: Minutes) => number) => all.reduce((total, minutes) => total + of(minutes), 0)
  const grid = sum((of) => of.grid)
  const business = sum((of) => of.business)
  const duty = sum((of) => of.duty)
  const total = grid + business + duty
  const share = (part: number) => (total === 0 ? undefined : part / total)
  const dutyDays = duty / INPUTS.effortMinutes.value.duty
  const workerDays = log.workers.length * workingDays
  return {
    inGrid: share(grid),
    business: share(business),
    duty: share(duty),
    staffOnDuty: workerDays === 0 ? undefined : dutyDays / workerDays,
    hoursPerWorkerDay: workerDays === 0 ? undefined : total / 60 / workerDays,
    busiest: [...log.minutes]
      .map(([worker, of]) => ({ worker, ...of }))
      .sort(
        (a, b) =>
          b.grid + b.business + b.duty - (a.grid + a.business + a.duty) || (a.worker < b.worker ? -1 : 1),
      )
      .slice(0, 5),
  }
}
