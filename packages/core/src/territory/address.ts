import type { HouseholdId } from "./vocabulary.ts"

/** Separators people type differently for the same address: spaces, commas, dashes, brackets, "#"… */
const NOISE = /[\s,，.。、;；:：·\-－—_#＃/（）()[\]【】]/gu

/**
 * An address reduced to a comparison key: Unicode-compatible forms folded (full-width "５栋" is
 * "5栋"), lower case, spaces and punctuation dropped. "海口市 南山社区 5栋-2单元" and
 * "海口市南山社区５栋2单元" match; "5-2-301" and "5栋2单元301室" do not — matching is exact on
 * purpose, since a wrong guess routes a case to the wrong grid.
 */
export const normaliseAddress = (address: string): string =>
  address.normalize("NFKC").toLowerCase().replace(NOISE, "")

/**
 * Which households live at a normalised address. Addresses are personal data, so the territory
 * never stores them: the caller builds the directory from where addresses are kept (the
 * residents' encrypted records) and passes it to `routeByAddress`.
 */
export type AddressDirectory = ReadonlyMap<string, ReadonlyArray<HouseholdId>>

/** Builds a directory from (address, household) pairs, normalising each address. */
export const makeAddressDirectory = (
  entries: Iterable<readonly [address: string, householdId: HouseholdId]>,
): AddressDirectory => {
  const directory = new Map<string, Array<HouseholdId>>()
  for (const [address, householdId] of entries) {
    const key = normaliseAddress(address)
    const households = directory.get(key)
    if (households === undefined) directory.set(key, [householdId])
    else if (!households.includes(householdId)) households.push(householdId)
  }
  return directory
}
