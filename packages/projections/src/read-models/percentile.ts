/**
 * The nearest-rank percentile of values sorted ascending: the smallest value that at least
 * `fraction` of the values do not exceed. Undefined for no values. Nearest rank (not
 * interpolation) so the figure is always a time some case actually took.
 */
export const nearestRankPercentile = (sorted: ReadonlyArray<number>, fraction: number): number | undefined =>
  sorted.length === 0 ? undefined : sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]
