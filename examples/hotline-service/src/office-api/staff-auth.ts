import { Context, Effect, Layer, Redacted } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { Unauthorized } from "../http/api-errors.ts"
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
  { security: { staffToken: HttpApiSecurity.bearer }, error: Unauthorized },
) {}

/** The middleware over a set of staff tokens. */
export const staffAuthLayer = (tokens: StaffTokens) =>
  Layer.succeed(
    StaffAuth,
    StaffAuth.of({
      staffToken: (effect, { credential }) => {
        const token = Redacted.value(credential).trim()
        if (token === "") {
          return Effect.fail(
            new Unauthorized({ error: "send your staff token: Authorization: Bearer <token>" }),
          )
        }
        const personId = tokens.personOf(token)
        if (personId === undefined)
          return Effect.fail(new Unauthorized({ error: "this staff token is not valid" }))
        return Effect.provideService(effect, Caller, { personId })
      },
    }),
  )
