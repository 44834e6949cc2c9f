import { Context, Effect, Layer, Redacted } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { Unauthorized, Unavailable } from "../http/api-errors.ts"
import type { StaffTokens } from "./staff-tokens.ts"

/** The member of staff a request's token belongs to: every command is issued in their name. */
export class Caller extends Context.Service<Caller, { readonly personId: string }>()(
  "@gridcase/example-hotline-service/Caller",
) {}

/**
 * Staff tokens (工作人员令牌), `Authorization: Bearer <token>`. The middleware runs before
 * anything of the request is read or decoded, so a caller without a valid token learns nothing
 * and costs nothing but the header check.
 */
export class StaffAuth extends HttpApiMiddleware.Service<StaffAuth, { provides: Caller }>()(
  "@gridcase/example-hotline-service/StaffAuth",
  { security: { staffToken: HttpApiSecurity.bearer }, error: [Unauthorized, Unavailable] },
) {}

/** The middleware over a set of staff tokens. */
export const staffAuthLayer = (tokens: StaffTokens) =>
  Layer.succeed(
    StaffAuth,
    StaffAuth.of({
      staffToken: (effect, { credential }) =>
        Effect.gen(function* () {
          const token = Redacted.value(credential).trim()
          if (token === "") {
            return yield* new Unauthorized({ error: "send your staff token: Authorization: Bearer <token>" })
          }
          const personId = yield* Effect.tryPromise({
            try: () => tokens.personOf(token),
            // The tokens' database cannot be reached: the caller retries, as with any store outage.
            catch: () => new Unavailable({ error: "staff tokens cannot be checked now; retry shortly" }),
          })
          if (personId === undefined)
            return yield* new Unauthorized({ error: "this staff token is not valid" })
          return yield* Effect.provideService(effect, Caller, { personId })
        }),
    }),
  )
