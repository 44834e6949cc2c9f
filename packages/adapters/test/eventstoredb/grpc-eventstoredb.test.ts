import { AccessDeniedError } from "@eventstore/db-client"
import { makeEventStoreDbEventStore } from "@gridcase/adapters/eventstoredb"
import { describeClientOverGrpc } from "./support/over-grpc.ts"

/**
 * `@gridcase/adapters/eventstoredb` on the real `@eventstore/db-client`, over HTTP/2 to the gRPC
 * stand-in: the contract suite and the client's answers to a misbehaving server. This file loads
 * no other client (see `support/grpc-protocol.ts`).
 */
describeClientOverGrpc(
  "eventstoredb",
  (connection, options) => makeEventStoreDbEventStore({ ...options, connection }),
  AccessDeniedError,
)
