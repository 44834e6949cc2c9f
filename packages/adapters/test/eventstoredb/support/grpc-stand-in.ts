import { randomUUID } from "node:crypto"
import {
  Server as GrpcServer,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
  status,
} from "@grpc/grpc-js"
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js"
import type { LogExpectedRevision, LogPosition } from "../../../src/eventstoredb/esdb-client.ts"
import { type ClientPackage, positionOf, protocolOf, refusal } from "./grpc-protocol.ts"
import {
  type AppendOutcome,
  type ProposedEvent,
  passesFilter,
  READ_BATCH_SIZE,
  SimulatedLog,
} from "./simulated-log.ts"

/**
 * The simulated log served over gRPC on 127.0.0.1 (gRPC 替身服务器), so that the real
 * `@eventstore/db-client` and `@kurrent/kurrentdb-client` — their serialisation, bigint
 * revisions, error classes, subscriptions and KurrentDB's Rust reader — run against it as
 * against a server, over HTTP/2. It speaks through the generated protocol of the client under
 * test (`grpc-protocol.ts` says why), and serves what the stores use, answering as the server
 * does (KurrentDB, `src/KurrentDB.Core/Services/Transport/Grpc`; each rule names its file):
 * - `ServerFeatures.GetSupportedMethods`, which both clients call on connecting and by which
 *   they choose `BatchAppend` over `Append` — or, with `serverFeatures: false`, unimplemented,
 *   as on servers before 21.10, so they use `Append`;
 * - `Streams.Append` and `Streams.BatchAppend`, with every expected revision;
 * - `Streams.Read`: a stream forwards or backwards, `$all` forwards (filtered or not), and
 *   catch-up subscriptions to `$all` (filtered or not).
 * Not served, since no store asks: deletes, tombstones, stream metadata, subscriptions to one
 * stream, backward `$all` reads, persistent subscriptions, projections, users, gossip (a
 * single-node connection string never asks for it), resolving links, deadlines and
 * authentication (with `tls=false` the clients send no credentials).
 */

/** Faults to inject, so tests can show what reaches the store when the server misbehaves. */
export interface StandInFaults {
  /** Rewrites each append's outcome before it is answered: a server that lies. */
  answerAppend?: (outcome: AppendOutcome) => AppendOutcome
  /** Refuses every read, as a server refuses a user it does not let read. */
  refuseReads?: boolean
  /** Subscriptions opened next end with UNAVAILABLE after this many events each, in order. */
  dropSubscriptionsAfter?: Array<number>
}

export interface GrpcStandIn {
  readonly log: SimulatedLog
  readonly faults: StandInFaults
  /** A single-node connection string (`esdb://` or `kurrentdb://`, as the client expects). */
  readonly connectionString: string
  /** Subscriptions opened so far. */
  readonly subscriptionsOpened: () => number
  /** Stops serving at once, cancelling open calls. */
  readonly close: () => Promise<void>
}

/** The version `GetSupportedMethods` reports (the one the README's `docker run` starts). */
const SERVER_VERSION = "24.10.0"

const SCHEMES: Readonly<Record<ClientPackage, string>> = { eventstoredb: "esdb", kurrentdb: "kurrentdb" }

const isAfter = (position: LogPosition, checkpoint: LogPosition) =>
  position.commit > checkpoint.commit ||
  (position.commit === checkpoint.commit && position.prepare > checkpoint.prepare)

/**
 * Writes `message`, waiting while the client reads slowly; `false` once the call is over
 * (cancelled by the client, or ended by a fault).
 */
const send = async <A>(call: ServerWritableStream<ReadReq, A>, message: A): Promise<boolean> => {
  if (call.cancelled || call.writableEnded) return false
  if (!call.write(message))
    await Promise.race([new Promise((resolve) => call.once("drain", resolve)), over(call)])
  return !call.cancelled
}

/**
 * Resolves when the call is over: cancelled by the client, or closed. (Not `events.once`, which
 * would reject on the `error` event that ends a call with a status.)
 */
const over = (call: ServerWritableStream<ReadReq, unknown>) =>
  new Promise<void>((resolve) => {
    call.once("cancelled", resolve)
    call.once("close", resolve)
  })

/** A position message: `Append` and `BatchAppend` answer in different classes of the same shape. */
interface PositionMessage<P> {
  setCommitPosition(value: string): P
  setPreparePosition(value: string): P
}

/**
 * Fills an append's success answer (either method's): the stream's current revision, or "no
 * stream" for an empty append to a new one; the position, or "no position".
 */
const succeeded = <
  E,
  P extends PositionMessage<P>,
  S extends {
    setNoStream(value: E): S
    setCurrentRevision(value: string): S
    setNoPosition(value: E): S
    setPosition(value: P): S
  },
>(
  outcome: Extract<AppendOutcome, { _tag: "Written" }>,
  success: S,
  empty: () => E,
  position: () => P,
): S => {
  if (outcome.currentRevision < 0n) success.setNoStream(empty())
  else success.setCurrentRevision(outcome.currentRevision.toString())
  if (outcome.position === undefined) return success.setNoPosition(empty())
  return success.setPosition(
    position()
      .setCommitPosition(outcome.position.commit.toString())
      .setPreparePosition(outcome.position.prepare.toString()),
  )
}

/**
 * Ends a server-streaming call with `error` as its status, after what was written so far
 * (grpc-js sends the status of an `error` event on the call).
 */
const fail = (call: ServerWritableStream<ReadReq, ReadResp>, error: Error) => {
  call.emit("error", error)
}

/** Starts a stand-in for `client` on a free loopback port, serving `log` (a fresh one by default). */
export const startGrpcStandIn = async (
  client: ClientPackage,
  {
    log = new SimulatedLog(),
    serverFeatures = true,
  }: {
    readonly log?: SimulatedLog
    /** `false`: `ServerFeatures` unimplemented, as on servers before 21.10. */
    readonly serverFeatures?: boolean
  } = {},
): Promise<GrpcStandIn> => {
  const p = protocolOf(client)
  const { ReadReq: Read } = p.streams
  const faults: StandInFaults = {}
  let subscriptionsOpened = 0
  const answer = (outcome: AppendOutcome) => faults.answerAppend?.(outcome) ?? outcome

  /** Reads one stream (`Streams.Read.cs` → `Enumerator.ReadStreamForwards` / `…Backwards`). */
  const readStream = async (call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options) => {
    const streamOptions = options.getStream()!
    const streamName = p.nameOf(streamOptions.getStreamIdentifier())
    const Revision = Read.Options.StreamOptions.RevisionOptionCase
    const revisionCase = streamOptions.getRevisionOptionCase()
    const from =
      revisionCase === Revision.START
        ? 0n
        : revisionCase === Revision.END
          ? "end"
          : BigInt(streamOptions.getRevision())
    const count = BigInt(options.getCount())
    const forwards = options.getReadDirection() === Read.Options.ReadDirection.FORWARDS
    if (forwards && from === "end") {
      return fail(
        call,
        refusal(status.UNIMPLEMENTED, "the stand-in serves no forward reads from a stream's end"),
      )
    }
    const read =
      forwards && from !== "end"
        ? log.readStreamForwards(streamName, from, count)
        : log.readStreamBackwards(streamName, from, count)
    // A stream never written is a message, not an error (`Enumerator.ReadStreamForwards`).
    if (read === undefined) {
      const notFound = new p.streams.ReadResp.StreamNotFound().setStreamIdentifier(p.identifierOf(streamName))
      await send(call, new p.streams.ReadResp().setStreamNotFound(notFound))
      return call.end()
    }
    // Clients asking compatibility 1 (KurrentDB's reader) also get the stream's bounds.
    const compatible = (options.getControlOption()?.getCompatibility() ?? 0) >= 1
    const structured = options.getUuidOption()!.hasStructured()
    if (compatible && read.firstStreamPosition !== undefined) {
      await send(call, new p.streams.ReadResp().setFirstStreamPosition(read.firstStreamPosition.toString()))
    }
    for (const event of read.events) if (!(await send(call, p.readEvent(event, structured)))) return
    if (compatible)
      await send(call, new p.streams.ReadResp().setLastStreamPosition(read.lastRevision.toString()))
    call.end()
  }

  /** Reads `$all` forwards (`Enumerator.ReadAllForwards` / `…Filtered`): from a position, inclusive. */
  const readAll = async (call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options) => {
    const all = options.getAll()!
    const At = Read.Options.AllOptions.AllOptionCase
    const events =
      all.getAllOptionCase() === At.END
        ? []
        : log.readAllForwards(
            all.getAllOptionCase() === At.POSITION ? positionOf(all.getPosition()!) : "start",
            BigInt(options.getCount()),
            p.filterOf(options),
          )
    const structured = options.getUuidOption()!.hasStructured()
    for (const event of events) if (!(await send(call, p.readEvent(event, structured)))) return
    call.end()
  }

  /**
   * A catch-up subscription to `$all` (`Enumerator.AllSubscription` / `…Filtered`): a
   * confirmation, then every event after the checkpoint (exclusive) that passes the filter,
   * a `CaughtUp` on reaching the end of the log, then live events as they are appended. A
   * filtered subscription also sends a checkpoint — the last position it considered — on
   * catching up and every `checkpointIntervalMultiplier × 32` events it considered.
   */
  const subscribeToAll = async (call: ServerWritableStream<ReadReq, ReadResp>, options: ReadReq.Options) => {
    subscriptionsOpened++
    const dropAfter = faults.dropSubscriptionsAfter?.shift()
    const all = options.getAll()!
    const At = Read.Options.AllOptions.AllOptionCase
    const filter = p.filterOf(options)
    const interval = (filter?.checkpointInterval ?? 1) * (options.getFilter()?.getMax() || READ_BATCH_SIZE)
    const structured = options.getUuidOption()!.hasStructured()
    let checkpoint: LogPosition | undefined =
      all.getAllOptionCase() === At.POSITION
        ? positionOf(all.getPosition()!)
        : all.getAllOptionCase() === At.END
          ? log.events.at(-1)?.position
          : undefined
    const ended = over(call)
    const confirmation = new p.streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())
    if (!(await send(call, new p.streams.ReadResp().setConfirmation(confirmation)))) return
    const sendCheckpoint = (position: LogPosition) =>
      send(
        call,
        new p.streams.ReadResp().setCheckpoint(
          new p.streams.ReadResp.Checkpoint()
            .setCommitPosition(position.commit.toString())
            .setPreparePosition(position.prepare.toString()),
        ),
      )
    let next = 0
    let considered = 0
    let delivered = 0
    let caughtUp = false
    while (!call.cancelled && !call.writableEnded) {
      const event = log.events[next]
      if (event === undefined) {
        if (!caughtUp) {
          caughtUp = true
          if (filter !== undefined && checkpoint !== undefined) await sendCheckpoint(checkpoint)
          await send(call, new p.streams.ReadResp().setCaughtUp(new p.streams.ReadResp.CaughtUp()))
        }
        await Promise.race([log.nextAppend(), ended])
        continue
      }
      next++
      if (checkpoint !== undefined && !isAfter(event.position, checkpoint)) continue
      checkpoint = event.position
      if (filter === undefined || passesFilter(filter, event)) {
        if (delivered === dropAfter) {
          return fail(call, refusal(status.UNAVAILABLE, "the stand-in dropped the subscription"))
        }
        delivered++
        if (!(await send(call, p.readEvent(event, structured)))) return
      }
      if (filter !== undefined && ++considered >= interval) {
        considered = 0
        if (!(await sendCheckpoint(checkpoint))) return
      }
    }
  }

  /**
   * `Streams.Read`, dispatched as the server does (`Streams.Read.cs`, `CreateEnumerator`);
   * the server checks access before reading (`RpcExceptions.AccessDenied`).
   */
  const read = async (call: ServerWritableStream<ReadReq, ReadResp>) => {
    const options = call.request.getOptions()
    if (options?.getUuidOption() === undefined) {
      return fail(call, refusal(status.INVALID_ARGUMENT, "uuidOption is required"))
    }
    if (faults.refuseReads) {
      return fail(call, refusal(status.PERMISSION_DENIED, "Access Denied", { exception: "access-denied" }))
    }
    const Stream = Read.Options.StreamOptionCase
    const Count = Read.Options.CountOptionCase
    const forwards = options.getReadDirection() === Read.Options.ReadDirection.FORWARDS
    const stream = options.getStreamOptionCase()
    const count = options.getCountOptionCase()
    if (stream === Stream.STREAM && count === Count.COUNT) return readStream(call, options)
    if (stream === Stream.ALL && count === Count.COUNT && forwards) return readAll(call, options)
    if (stream === Stream.ALL && count === Count.SUBSCRIPTION) return subscribeToAll(call, options)
    fail(call, refusal(status.UNIMPLEMENTED, "the stand-in serves no such read"))
  }

  /** An expected revision from the cases an append's options carry it in. */
  const expectedOf = (
    cases: { readonly NO_STREAM: number; readonly ANY: number; readonly STREAM_EXISTS: number },
    which: number,
    revision: () => string,
  ): LogExpectedRevision =>
    which === cases.NO_STREAM
      ? "no_stream"
      : which === cases.ANY
        ? "any"
        : which === cases.STREAM_EXISTS
          ? "stream_exists"
          : BigInt(revision())

  /**
   * `Streams.Append` (`Streams.Append.cs`): options, then the proposed events; one answer,
   * success (the stream's current revision and a position) or a wrong expected version naming
   * what was expected and the stream's current revision.
   */
  const append = (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => {
    let options: AppendReq.Options | undefined
    const events: Array<ProposedEvent> = []
    let failed = false
    call.on("data", (request: AppendReq) => {
      if (failed) return
      try {
        if (request.hasOptions()) options = request.getOptions()
        else events.push(p.proposed(request.getProposedMessage()!))
      } catch (error) {
        failed = true
        callback(error as Error)
      }
    })
    call.on("end", () => {
      if (failed) return
      if (options === undefined) return callback(refusal(status.INVALID_ARGUMENT, "no options"))
      const Expected = p.streams.AppendReq.Options.ExpectedStreamRevisionCase
      const which = options.getExpectedStreamRevisionCase()
      const expected = expectedOf(Expected, which, () => options!.getRevision())
      const outcome = answer(log.append(p.nameOf(options.getStreamIdentifier()), events, expected))
      const response = new p.streams.AppendResp()
      if (outcome._tag === "Written") {
        const success = succeeded(
          outcome,
          new p.streams.AppendResp.Success(),
          p.empty,
          () => new p.streams.AppendResp.Position(),
        )
        return callback(null, response.setSuccess(success))
      }
      // The deprecated `…_20_6_0` fields the server also fills are read by 20.6 clients only.
      const wrong = new p.streams.AppendResp.WrongExpectedVersion()
      if (which === Expected.ANY) wrong.setExpectedAny(p.empty())
      else if (which === Expected.STREAM_EXISTS) wrong.setExpectedStreamExists(p.empty())
      else if (which === Expected.NO_STREAM) wrong.setExpectedNoStream(p.empty())
      else wrong.setExpectedRevision(options.getRevision())
      if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(p.empty())
      else wrong.setCurrentRevision(outcome.currentRevision.toString())
      callback(null, response.setWrongExpectedVersion(wrong))
    })
  }

  /**
   * `Streams.BatchAppend` (`Streams.BatchAppend.cs`): one call carries many appends, each
   * under its correlation id — options in its first message, proposed events across messages
   * until one `is_final` — and answers each under that id: success, or an error status whose
   * details pack a `WrongExpectedVersion` (`Status.WrongExpectedVersion`: code ALREADY_EXISTS).
   */
  const batchAppend = (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
    const pending = new Map<string, { options: BatchAppendReq.Options; events: Array<ProposedEvent> }>()
    call.on("data", (request: BatchAppendReq) => {
      const correlation = p.uuidIn(request.getCorrelationId())
      const options = request.getOptions()
      if (options !== undefined && !pending.has(correlation))
        pending.set(correlation, { options, events: [] })
      const write = pending.get(correlation)
      if (write === undefined) return
      const streamName = p.nameOf(write.options.getStreamIdentifier())
      const response = new p.streams.BatchAppendResp()
        .setCorrelationId(request.getCorrelationId())
        .setStreamIdentifier(p.identifierOf(streamName))
      try {
        write.events.push(...request.getProposedMessagesList().map(p.proposed))
      } catch (error) {
        pending.delete(correlation)
        call.write(
          response.setError(new p.status.Status().setCode(p.code.INVALID_ARGUMENT).setMessage(String(error))),
        )
        return
      }
      if (!request.getIsFinal()) return
      pending.delete(correlation)
      const Expected = p.streams.BatchAppendReq.Options.ExpectedStreamPositionCase
      const which = write.options.getExpectedStreamPositionCase()
      const expected = expectedOf(Expected, which, () => write.options.getStreamPosition())
      const outcome = answer(log.append(streamName, write.events, expected))
      if (outcome._tag === "Written") {
        const success = succeeded(
          outcome,
          new p.streams.BatchAppendResp.Success(),
          p.protoEmpty,
          () => new p.shared.AllStreamPosition(),
        )
        call.write(response.setSuccess(success))
        return
      }
      const wrong = new p.shared.WrongExpectedVersion()
      if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(p.protoEmpty())
      else wrong.setCurrentStreamRevision(outcome.currentRevision.toString())
      if (which === Expected.ANY) wrong.setExpectedAny(p.protoEmpty())
      else if (which === Expected.STREAM_EXISTS) wrong.setExpectedStreamExists(p.protoEmpty())
      else if (which === Expected.NO_STREAM) wrong.setExpectedNoStream(p.protoEmpty())
      else wrong.setExpectedStreamPosition(write.options.getStreamPosition())
      const details = new p.Any()
      details.pack(wrong.serializeBinary(), "event_store.client.WrongExpectedVersion")
      const error = new p.status.Status()
        .setCode(p.code.ALREADY_EXISTS)
        .setMessage("WrongExpectedVersion")
        .setDetails(details)
      call.write(response.setError(error))
    })
    call.on("end", () => call.end())
  }

  /**
   * `ServerFeatures.GetSupportedMethods` (`ServerFeatures.cs`): the version and the methods
   * served, lowercase, with the features the server declares for them.
   */
  const getSupportedMethods = (
    _call: ServerUnaryCall<unknown, unknown>,
    callback: sendUnaryData<unknown>,
  ) => {
    const method = (serviceName: string, methodName: string, features: Array<string> = []) =>
      new p.features.SupportedMethod()
        .setServiceName(serviceName)
        .setMethodName(methodName)
        .setFeaturesList(features)
    const streams = "event_store.client.streams.streams"
    callback(
      null,
      new p.features.SupportedMethods()
        .setEventStoreServerVersion(SERVER_VERSION)
        .setMethodsList([
          method("event_store.client.server_features.serverfeatures", "getsupportedmethods"),
          method(streams, "read", ["position", "events"]),
          method(streams, "append"),
          method(streams, "batchappend", ["deadline_duration"]),
        ]),
    )
  }

  const server = new GrpcServer()
  if (serverFeatures) server.addService(p.featuresService, { getSupportedMethods })
  server.addService(p.streamsService, { read, append, batchAppend })
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  )
  return {
    log,
    faults,
    connectionString: `${SCHEMES[client]}://127.0.0.1:${port}?tls=false`,
    subscriptionsOpened: () => subscriptionsOpened,
    close: async () => server.forceShutdown(),
  }
}
