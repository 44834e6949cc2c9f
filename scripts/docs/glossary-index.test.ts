import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { chineseTerms } from "./glossary-index.ts"

/** A word of Chinese characters (CJK Unified Ideographs), as a term in a doc comment is. */
const hanWord = fc
  .array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 1, maxLength: 6 })
  .map((codes) => String.fromCodePoint(...codes))

/** A name or number with Chinese characters glued to digits: 南山社区第3网格, 2026年春, 5栋2单元. */
const gluedName = fc
  .tuple(
    fc.option(hanWord, { nil: "" }),
    fc.integer({ min: 0, max: 99_999 }),
    hanWord,
    fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
  )
  .map(([before, number, after, more]) => `${before}${number}${after}${more ?? ""}`)

describe("the glossary's term extractor", () => {
  it("takes no term out of a name or number glued to digits (issue 15: 年春, 南山社区第、网格)", () => {
    expect(chineseTerms('A campaign\'s title ("万水泉镇敲门行动 2026年春").')).toEqual([])
    expect(chineseTerms("An area's or department's display name (\"南山社区第3网格\").")).toEqual([])
    expect(chineseTerms("the grid 南山社区第3网格, since 2026年春")).toEqual([])
    expect(chineseTerms('full-width "５栋" is "5栋"')).toEqual([])
  })

  it("keeps the terms of prose: compounds, lists and quoted sayings", () => {
    expect(chineseTerms("`stationHead` 站长 — heads the residents' workstation (居民工作站)")).toEqual([
      "站长",
      "居民工作站",
    ])
    expect(chineseTerms("community / village (社区/村), street (街道／镇)")).toEqual(["社区/村", "街道／镇"])
    expect(chineseTerms('"小事不出网格，大事不出社区": a case starts low')).toEqual([
      "小事不出网格，大事不出社区",
    ])
  })

  it("property: a glued name adds no term to the prose around it, quoted or not", () => {
    fc.assert(
      fc.property(
        fc.array(hanWord, { minLength: 1, maxLength: 4 }),
        gluedName,
        fc.boolean(),
        (words, name, quoted) => {
          const prose = words.map((word) => `${word} (term)`).join(", ")
          const withName = `${prose}, e.g. ${quoted ? `("${name}")` : name}.`
          expect(chineseTerms(withName)).toEqual(chineseTerms(prose))
        },
      ),
      { numRuns: 300 },
    )
  })
})
