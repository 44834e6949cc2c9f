import { Effect } from "effect"
import { ERASED, type Erased } from "../privacy/erased.ts"
import { type RevealedPersonalDetails, revealPersonalDetails } from "../privacy/personal-details.ts"
import type { RegisteredResident } from "./state.ts"

/**
 * A resident's personal details in plaintext, for the screens and exports allowed to show them;
 * {@link ERASED} once the resident was erased. Needs the `KeyStore`.
 */
export const revealResident = (resident: RegisteredResident) =>
  resident.person === undefined
    ? Effect.succeed<RevealedPersonalDetails | Erased>(ERASED)
    : revealPersonalDetails(resident.person)
