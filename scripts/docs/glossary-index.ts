import type { DocComment } from "./doc-comments.ts"

/** Runs of Chinese characters, allowing the punctuation that joins a compound term (社区/村, 12345 excluded). */
const HAN_TERM = /\p{Script=Han}(?:[\p{Script=Han}，、／/·]*\p{Script=Han})?/gu

/**
 * Example values in double quotes that carry a digit or Latin letter ("南山社区第3网格",
 * "海口市 南山社区 5栋-2单元"): names, titles and addresses, not terms. A quoted phrase of
 * Chinese alone ("小事不出网格，大事不出社区") is a saying the code names, and stays.
 */
const QUOTED_EXAMPLE = /"[^"\n]*[\p{Nd}A-Za-z][^"\n]*"|“[^”\n]*[\p{Nd}A-Za-z][^”\n]*”/gu

/** A digit (full-width ５ too) or Latin letter: glued to Chinese characters, it makes a name or a number (2026年春, 第3网格). */
const GLUED = /[\p{Nd}A-Za-z]/u

/**
 * The Chinese terms a doc comment names, in order, without repeats. Quoted examples are left
 * out, and so is a run of Chinese characters glued to a digit or Latin letter: it is part of a
 * name or number, and cut out of it would read as a false term (年春 from 2026年春).
 */
export const chineseTerms = (text: string): ReadonlyArray<string> => {
  const prose = text.replace(QUOTED_EXAMPLE, " ")
  const terms = [...prose.matchAll(HAN_TERM)]
    .filter((match) => {
      const before = prose[match.index - 1] ?? ""
      const after = prose[match.index + match[0].length] ?? ""
      return !GLUED.test(before) && !GLUED.test(after)
    })
    .map((match) => match[0])
  return [...new Set(terms)]
}

const cell = (text: string) => text.replace(/\|/g, "\\|")

/** `packages/core/src/case/events.ts` → `core/case/events.ts`. */
const moduleOf = (file: string) => file.replace(/^packages\/([^/]+)\/src\//, "$1/")

/**
 * Every identifier whose doc comment carries a Chinese term, module by module: the index that
 * keeps the glossary complete as new code lands (the generator rereads the sources each time).
 * Only the terms and names are listed, not the comments' wording, so that rephrasing a comment
 * does not make the page stale.
 */
export const codeTermsIndex = (docs: ReadonlyArray<DocComment>): string => {
  const withTerms = docs.filter((doc) => chineseTerms(doc.text).length > 0)
  const modules = [...new Set(withTerms.map((doc) => moduleOf(doc.file)))]
  return modules
    .map((module) =>
      [
        `#### \`${module}\``,
        "",
        "| 中文 | identifier |",
        "| --- | --- |",
        ...withTerms
          .filter((doc) => moduleOf(doc.file) === module)
          .map((doc) => `| ${chineseTerms(doc.text).join("、")} | \`${doc.name}\` |`),
      ].join("\n"),
    )
    .join("\n\n")
}

/** The case categories of the seed articles (`CASE_CATEGORIES`), as a glossary table. */
export const categoriesTable = (categories: Readonly<Record<string, string>>): string =>
  [
    "| category | 中文 | covers |",
    "| --- | --- | --- |",
    ...Object.entries(categories).map(([key, text]) => {
      const [chinese = "", english = ""] = text.split(" — ")
      return `| \`${key}\` | ${chinese} | ${cell(english)} |`
    }),
  ].join("\n")
