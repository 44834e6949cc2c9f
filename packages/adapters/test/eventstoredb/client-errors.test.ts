import * as esdb from "@eventstore/db-client"
import { EventStore } from "@gridcase/core"
import * as kurrent from "@kurrent/kurrentdb-client"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { classifyClientError } from "../../src/eventstoredb/client-errors.ts"

/** Each client's own error classes, constructed as the clients construct them. */
const clients = [
  ["eventstoredb", esdb],
  ["kurrentdb", kurrent],
] as const

describe.each(clients)("errors of the %s client", (name, client) => {
  it("a wrong expected version is a conflict at the port's version (current revision + 1)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1_000_000n }), (current) => {
        const error = new client.WrongExpectedVersionError(undefined, {
          streamName: "case-1",
          expected: 0n,
          current,
        })
        expect(classifyClientError(name, error)).toEqual({ _tag: "Conflict", actual: Number(current) + 1 })
      }),
    )
    const onEmpty = new client.WrongExpectedVersionError(undefined, {
      streamName: "case-1",
      expected: "stream_exists",
      current: "no_stream",
    })
    expect(classifyClientError(name, onEmpty)).toEqual({ _tag: "Conflict", actual: 0 })
  })

  it("a stream that was never written is told apart", () => {
    expect(classifyClientError(name, new client.StreamNotFoundError(undefined, "case-1"))).toEqual({
      _tag: "StreamNotFound",
    })
  })

  it("an unreachable server, a passed deadline or a cancelled call is a transient StoreUnavailable", () => {
    for (const error of [
      new client.UnavailableError(undefined, "No connection established"),
      new client.DeadlineExceededError(undefined, "deadline"),
      new client.CancelledError(undefined, "cancelled"),
    ]) {
      const failure = classifyClientError(name, error)
      expect(failure).toMatchObject({ _tag: "Failed", transient: true })
      if (failure._tag !== "Failed") throw new Error("unreachable")
      expect(failure.error).toBeInstanceOf(EventStore.StoreUnavailable)
      expect(failure.error.message).toBe(`${name}: ${error.type}: ${error.message}`)
      expect(failure.error.cause).toBe(error)
    }
  })

  it("denied access, a bad argument or an unknown reply is a lasting StoreUnavailable", () => {
    for (const error of [
      new client.AccessDeniedError(undefined, "denied"),
      new client.InvalidArgumentError("maxCount must be positive"),
      new client.UnknownError(undefined, "?"),
    ]) {
      expect(classifyClientError(name, error)).toMatchObject({
        _tag: "Failed",
        transient: false,
        error: { _tag: "StoreUnavailable", cause: error },
      })
    }
  })
})

describe("errors from elsewhere", () => {
  it("gRPC's own error for a refused connection (status 14) is a transient StoreUnavailable", () => {
    // As @grpc/grpc-js builds it when nothing listens on the server's port.
    const refused = Object.assign(
      new Error("14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED"),
      {
        code: 14,
        details: "No connection established. Last error: connect ECONNREFUSED",
        metadata: {},
      },
    )
    expect(classifyClientError("eventstoredb", refused)).toMatchObject({
      _tag: "Failed",
      transient: true,
      error: { message: `eventstoredb: ${refused.message}`, cause: refused },
    })
    const denied = Object.assign(new Error("7 PERMISSION_DENIED"), { code: 7 })
    expect(classifyClientError("eventstoredb", denied)).toMatchObject({ transient: false })
  })

  it("a StoreUnavailable raised by the mapping itself passes through unchanged", () => {
    const error = new EventStore.StoreUnavailable({ message: "corrupt stored event" })
    expect(classifyClientError("eventstoredb", error)).toEqual({ _tag: "Failed", error, transient: false })
  })

  it("any other error becomes a lasting StoreUnavailable naming the client", () => {
    const failure = classifyClientError("kurrentdb", new TypeError("boom"))
    expect(failure).toMatchObject({ _tag: "Failed", transient: false, error: { message: "kurrentdb: boom" } })
    expect(classifyClientError("kurrentdb", "plain")).toMatchObject({
      error: { message: "kurrentdb: plain" },
    })
  })
})
