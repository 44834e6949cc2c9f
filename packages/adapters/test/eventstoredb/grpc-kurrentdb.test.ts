import { makeKurrentDbEventStore } from "@gridcase/adapters/kurrentdb"
import { AccessDeniedError } from "@kurrent/kurrentdb-client"
import { describeClientOverGrpc } from "./support/over-grpc.ts"

/**
 * `@gridcase/adapters/kurrentdb` on the real `@kurrent/kurrentdb-client` — its reads through its
 * Rust reader — over HTTP/2 to the gRPC stand-in: the contract suite and the client's answers to
 * a misbehaving server. This file loads no other client (see `support/grpc-protocol.ts`).
 */
describeClientOverGrpc(
  "kurrentdb",
  (connection, options) => makeKurrentDbEventStore({ ...options, connection }),
  AccessDeniedError,
)
