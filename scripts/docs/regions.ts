/**
 * Hand-written pages carry generated parts between two markers:
 *
 *     <!-- generated:case-lifecycle -->
 *     …replaced by the generator…
 *     <!-- /generated:case-lifecycle -->
 */
export const replaceRegion = (page: string, path: string, name: string, content: string): string => {
  const start = `<!-- generated:${name} -->`
  const end = `<!-- /generated:${name} -->`
  const from = page.indexOf(start)
  const to = page.indexOf(end)
  if (from === -1 || to < from) {
    throw new Error(
      `${path} has lost its "${start}" … "${end}" markers: put them back around the generated part`,
    )
  }
  return `${page.slice(0, from + start.length)}\n\n${content.trim()}\n\n${page.slice(to)}`
}
