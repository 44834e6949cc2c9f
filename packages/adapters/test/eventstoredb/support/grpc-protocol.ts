import { createRequire } from "node:module"
import { Metadata, status } from "@grpc/grpc-js"
import type {
  StreamIdentifier,
  UUID,
} from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js"
import type {
  AppendReq,
  BatchAppendReq,
  ReadReq,
  ReadResp,
} from "@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js"
import type { LogPosition, LogServerFilter } from "../../../src/eventstoredb/esdb-client.ts"
import type { ProposedEvent, StoredEvent } from "./simulated-log.ts"

/**
 * The `event_store.client` gRPC protocol as the gRPC stand-in speaks it (gRPC 协议): the
 * service definitions and protobuf classes generated from the server's protos, taken from the
 * package of the client under test, and the conversions between its messages and the log's.
 *
 * Why the client's own: google-protobuf's generated CommonJS code registers every message class
 * on one global namespace (`proto.event_store.client.…`) and serialises through it, so the
 * classes loaded last serve every copy in the process. Loading a second copy of the protocol —
 * the other client's, or the stand-in's own — makes EventStoreDB's client serialise its
 * `BatchAppend` requests with KurrentDB's classes, which fails. One client per process, and the
 * stand-in in the same process speaking through that client's classes, keeps one copy.
 */

export type ClientPackage = "eventstoredb" | "kurrentdb"

type Modules = {
  readonly streams_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js")
  readonly streams_grpc_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js")
  readonly shared_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js")
  readonly status_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js")
  readonly code_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb.js")
  readonly serverfeatures_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js")
  readonly serverfeatures_grpc_pb: typeof import("@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js")
}

type AnyMessage = NonNullable<Parameters<InstanceType<Modules["status_pb"]["Status"]>["setDetails"]>[0]>
type EmptyMessage = NonNullable<
  Parameters<InstanceType<Modules["shared_pb"]["WrongExpectedVersion"]>["setCurrentNoStream"]>[0]
>

/** Where each client package keeps its generated code. */
const LOCATIONS: Readonly<Record<ClientPackage, { readonly entry: string; readonly generated: string }>> = {
  eventstoredb: { entry: "@eventstore/db-client", generated: "../generated/" },
  kurrentdb: { entry: "@kurrent/kurrentdb-client", generated: "../generated/kurrentdb/protocols/v1/" },
}

/**
 * Loads the protocol from `client`'s package, with `google.protobuf.Any` and `Empty` from the
 * `google-protobuf` instance its classes use (the clients depend on it; this package does not).
 * Typed as KurrentDB's classes: EventStoreDB's are the same protocol, lacking only members
 * the stand-in never touches (the 21.10 batch-append deadline, `CaughtUp`'s timestamp).
 */
const load = (client: ClientPackage) => {
  const { entry, generated } = LOCATIONS[client]
  const require = createRequire(createRequire(import.meta.url).resolve(entry))
  const module = <K extends keyof Modules>(name: K) => require(`${generated}${name}.js`) as Modules[K]
  return {
    streams: module("streams_pb"),
    streamsService: module("streams_grpc_pb").StreamsService,
    shared: module("shared_pb"),
    status: module("status_pb"),
    code: module("code_pb").Code,
    features: module("serverfeatures_pb"),
    featuresService: module("serverfeatures_grpc_pb").ServerFeaturesService,
    Any: (require("google-protobuf/google/protobuf/any_pb.js") as { Any: new () => AnyMessage }).Any,
    Empty: (require("google-protobuf/google/protobuf/empty_pb.js") as { Empty: new () => EmptyMessage })
      .Empty,
  }
}

export type Protocol = ReturnType<typeof protocolOf>

/** A gRPC error with the server's trailers (`RpcExceptions.cs`: the `exception` key names the kind). */
export const refusal = (code: status, details: string, trailers: Record<string, string> = {}) => {
  const metadata = new Metadata()
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value)
  return Object.assign(new Error(details), { code, details, metadata })
}

const utf8 = new TextDecoder()

/** The protocol of `client`'s package, and the conversions the stand-in makes with it. */
export const protocolOf = (client: ClientPackage) => {
  const p = load(client)

  const identifierOf = (streamName: string) =>
    new p.shared.StreamIdentifier().setStreamName(Buffer.from(streamName))

  /**
   * An event id in the form the request asked for (`Streams.Read.cs`, `ConvertToRecordedEvent`):
   * the GUID's string, or its two big-endian 64-bit halves as signed numbers.
   */
  const uuidOut = (id: string, structured: boolean): UUID => {
    if (!structured) return new p.shared.UUID().setString(id)
    const hex = id.replaceAll("-", "")
    const half = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString()
    return new p.shared.UUID().setStructured(
      new p.shared.UUID.Structured()
        .setMostSignificantBits(half(hex.slice(0, 16)))
        .setLeastSignificantBits(half(hex.slice(16))),
    )
  }

  /** An id sent in either form, as the server keeps it (a GUID: lowercase). */
  const uuidIn = (uuid: UUID | undefined): string => {
    if (uuid === undefined) return ""
    if (uuid.hasString()) return uuid.getString().toLowerCase()
    const structured = uuid.getStructured()!
    const half = (value: string) => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, "0")
    const hex = half(structured.getMostSignificantBits()) + half(structured.getLeastSignificantBits())
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }

  return {
    ...p,
    /** `event_store.client.Empty`, the protocol's own; `google.protobuf.Empty` is `Empty`. */
    empty: () => new p.shared.Empty(),
    protoEmpty: () => new p.Empty(),
    identifierOf,

    nameOf: (identifier: StreamIdentifier | undefined) =>
      identifier === undefined ? "" : utf8.decode(identifier.getStreamName_asU8()),

    uuidIn,

    /**
     * A proposed event: its type and content type come as the metadata entries `type` and
     * `content-type`, which the server requires (`Streams.Append.cs`); JSON when the content
     * type is `application/json`.
     */
    proposed: (message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent => {
      const metadata = message.getMetadataMap()
      const type = metadata.get("type")
      const contentType = metadata.get("content-type")
      if (type === undefined || contentType === undefined) {
        throw refusal(status.INVALID_ARGUMENT, "Required Metadata Property Missing", {
          exception: "missing-required-metadata-property",
          "required-metadata-properties": type === undefined ? "type" : "content-type",
        })
      }
      return {
        id: uuidIn(message.getId()),
        type,
        isJson: contentType === "application/json",
        data: message.getData_asU8(),
        metadata: message.getCustomMetadata_asU8(),
      }
    },

    /**
     * A recorded event as the server sends it (`Streams.Read.cs`, `ConvertToRecordedEvent`;
     * `MetadataHelpers.AddGrpcMetadataFrom`): the metadata map carries `type`, `created` (.NET
     * ticks — 100 ns — since the Unix epoch) and `content-type`; positions are its log position.
     */
    readEvent: (event: StoredEvent, structuredIds: boolean): ReadResp => {
      const recorded = new p.streams.ReadResp.ReadEvent.RecordedEvent()
        .setId(uuidOut(event.id, structuredIds))
        .setStreamIdentifier(identifierOf(event.streamId))
        .setStreamRevision(event.revision.toString())
        .setCommitPosition(event.position.commit.toString())
        .setPreparePosition(event.position.prepare.toString())
        .setData(event.data)
        .setCustomMetadata(event.metadata)
      recorded
        .getMetadataMap()
        .set("type", event.type)
        .set("created", (BigInt(event.created.getTime()) * 10_000n).toString())
        .set("content-type", event.isJson ? "application/json" : "application/octet-stream")
      const read = new p.streams.ReadResp.ReadEvent()
        .setEvent(recorded)
        .setCommitPosition(event.position.commit.toString())
      return new p.streams.ReadResp().setEvent(read)
    },

    /**
     * The client's filter on `$all` (`Streams.Read.cs`, `ConvertToEventFilter`): a regex when
     * one is given, else prefixes.
     */
    filterOf: (options: ReadReq.Options): LogServerFilter | undefined => {
      if (options.getFilterOptionCase() !== p.streams.ReadReq.Options.FilterOptionCase.FILTER)
        return undefined
      const filter = options.getFilter()!
      const onStreams =
        filter.getFilterCase() === p.streams.ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER
      const expression = onStreams ? filter.getStreamIdentifier()! : filter.getEventType()!
      const filterOn = onStreams ? "streamName" : "eventType"
      const checkpointInterval = filter.getCheckpointintervalmultiplier()
      return expression.getRegex() === ""
        ? { filterOn, checkpointInterval, prefixes: expression.getPrefixList() }
        : { filterOn, checkpointInterval, regex: expression.getRegex() }
    },
  }
}

export const positionOf = (position: {
  getCommitPosition(): string
  getPreparePosition(): string
}): LogPosition => ({
  commit: BigInt(position.getCommitPosition()),
  prepare: BigInt(position.getPreparePosition()),
})
