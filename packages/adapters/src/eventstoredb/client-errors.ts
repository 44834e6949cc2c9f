import { EventStore } from "@gridcase/core"
import { versionFromLog } from "./numbering.ts"

/**
 * What the store needs to know about an error thrown by either client (客户端错误).
 * Both clients give their errors a `type` string (`"wrong-expected-version"`,
 * `"unavailable"`…), from separate but identical lists, so errors are told apart by it
 * rather than by class.
 */
export type ClientFailure =
  /** The server refused an append: its expected revision did not hold (`actual` is a port version). */
  | { readonly _tag: "Conflict"; readonly actual: number }
  /** A read of a stream that was never written. */
  | { readonly _tag: "StreamNotFound" }
  /**
   * Anything else, as the port's error. `transient` failures — the server unreachable, a
   * deadline passed, a call cancelled, a leader change — may pass: a subscription that ends
   * with one resubscribes. The rest (access denied, a corrupt event…) will not.
   */
  | { readonly _tag: "Failed"; readonly error: EventStore.StoreUnavailable; readonly transient: boolean }

const TRANSIENT = new Set(["unavailable", "deadline-exceeded", "timeout", "cancelled", "not-leader"])

/**
 * Some failures reach the caller as gRPC's own errors, untranslated: a refused connection
 * comes as status 14 (`UNAVAILABLE`). Their status codes that may pass, by the clients' names.
 */
const GRPC_STATUS: Readonly<Record<number, string>> = {
  1: "cancelled",
  4: "deadline-exceeded",
  14: "unavailable",
}

interface ClientError extends Error {
  /** The clients' error kind (`"wrong-expected-version"`…). */
  readonly type?: unknown
  /** A gRPC status code, on gRPC's own errors. */
  readonly code?: unknown
  /** EventStoreDB's client names the stream's current revision `actualVersion`… */
  readonly actualVersion?: bigint | "no_stream"
  /** …KurrentDB's names it `actualState`. */
  readonly actualState?: bigint | "no_stream"
}

/** Classifies `error` from a call on the client named `client` (`eventstoredb`, `kurrentdb`). */
export const classifyClientError = (client: string, error: unknown): ClientFailure => {
  if (error instanceof EventStore.StoreUnavailable) return { _tag: "Failed", error, transient: false }
  if (!(error instanceof Error)) {
    return {
      _tag: "Failed",
      error: new EventStore.StoreUnavailable({ message: `${client}: ${String(error)}`, cause: error }),
      transient: false,
    }
  }
  const { type, code, actualVersion, actualState } = error as ClientError
  if (type === "wrong-expected-version") {
    return { _tag: "Conflict", actual: versionFromLog(actualVersion ?? actualState ?? "no_stream") }
  }
  if (type === "stream-not-found") return { _tag: "StreamNotFound" }
  const kind = typeof type === "string" ? type : typeof code === "number" ? GRPC_STATUS[code] : undefined
  const message =
    typeof type === "string"
      ? `${client}: ${type}${error.message === "" ? "" : `: ${error.message}`}`
      : `${client}: ${error.message}`
  return {
    _tag: "Failed",
    error: new EventStore.StoreUnavailable({ message, cause: error }),
    transient: kind !== undefined && TRANSIENT.has(kind),
  }
}
