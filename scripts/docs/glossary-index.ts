import type { DocComment } from "./doc-comments.ts"

/** Runs of Chinese characters, allowing the punctuation that joins a compound term (社区/村, 12345 excluded). */
const HAN_TERM = /\p{Script=Han}(?:[\p{Script=Han}，、／/·]*\p{Script=Han})?/gu

/** The Chinese terms a doc comment names, in order, without repeats. */
export const chineseTerms = (text: string): ReadonlyArray<string> => [...new Set(text.match(HAN_TERM) ?? [])]

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
