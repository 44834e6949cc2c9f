import { EventStore } from "@gridcase/core"
import { corruptEvent, isMetadataObject, type StoredRowAddress } from "./corrupt-event.ts"

/**
 * Parses a row's stored metadata; throws `StoreUnavailable` naming the row (with an
 * `EventDecodeError` cause) when it is not JSON or not an object.
 */
export const parseMetadata = (address: StoredRowAddress, json: string): EventStore.EventMetadata => {
  let metadata: unknown
  try {
    metadata = JSON.parse(json)
  } catch (error) {
    throw corruptEvent(address, `invalid JSON: ${(error as Error).message}`)
  }
  if (!isMetadataObject(metadata)) throw corruptEvent(address, "metadata is not a JSON object")
  return metadata as EventStore.EventMetadata
}

/** The accessor every `StoredEvent` gets as its own `metadata` property; made in the class body, which alone reaches its private fields. */
let metadataAccessor: PropertyDescriptor

/**
 * A recorded event whose `metadata` is parsed from the stored JSON when first read (惰性解析),
 * then kept. Projections and folds need only the schema version of all the metadata, and the
 * SQLite store hands that over from a column of its own (see core's `storedSchemaVersion`), so a
 * rebuild never parses it: the metadata is twice the payload's size in the bench's history, and
 * its `JSON.parse` was about a quarter of the time spent turning rows into events
 * (bench/findings.md, finding 7).
 *
 * Still a plain `RecordedEvent` to whoever holds one: `metadata` is an own, enumerable accessor
 * (one shared getter, no closure per row), so spreading, `Object.keys`, `JSON.stringify`,
 * `structuredClone` and `toEqual` see it with its value. Defining it costs about 150 ns a row,
 * half of what laziness saves; a getter on the prototype would not, but would vanish from all
 * of those, and a spread copy would silently lose its metadata. `toStrictEqual` against an
 * object literal fails, as for any class instance.
 *
 * Stored metadata that is not a JSON object throws the store's `StoreUnavailable` (cause:
 * `EventDecodeError` naming the row) when `metadata` is read, not when the event is; the SQLite
 * store builds these only for rows whose metadata SQLite has seen to be a JSON object, so that
 * takes a row altered by hand behind the store's back.
 */
export class StoredEvent implements EventStore.RecordedEvent {
  readonly streamId: string
  readonly revision: number
  readonly position: number
  readonly type: string
  readonly data: unknown
  declare readonly metadata: EventStore.EventMetadata
  readonly #metadataJson: string
  #metadata: EventStore.EventMetadata | undefined
  readonly #schemaVersion: number

  static {
    metadataAccessor = {
      get(this: StoredEvent): EventStore.EventMetadata {
        if (this.#metadata === undefined) this.#metadata = parseMetadata(this.#address(), this.#metadataJson)
        return this.#metadata
      },
      /** Assignable, as a plain recorded event is: callers may copy or patch what they read. */
      set(this: StoredEvent, metadata: EventStore.EventMetadata) {
        this.#metadata = metadata
      },
      enumerable: true,
      configurable: true,
    }
  }

  constructor(
    streamId: string,
    revision: number,
    position: number,
    type: string,
    data: unknown,
    /** The metadata as stored, known to be a JSON object. */
    metadataJson: string,
    /** The metadata's `schemaVersion`, which the store keeps apart. */
    schemaVersion: number,
  ) {
    this.streamId = streamId
    this.revision = revision
    this.position = position
    this.type = type
    this.data = data
    Object.defineProperty(this, "metadata", metadataAccessor)
    this.#metadataJson = metadataJson
    this.#schemaVersion = schemaVersion
  }

  get [EventStore.storedSchemaVersion](): number {
    return this.#schemaVersion
  }

  /** Not `this`: spreading it into the error would read `metadata`, which is what failed. */
  #address(): StoredRowAddress {
    return { streamId: this.streamId, revision: this.revision, position: this.position, type: this.type }
  }

  /** `console.log` and `util.inspect` show the metadata's value, not `[Getter/Setter]`. */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ): string {
    let metadata: unknown
    try {
      metadata = this.metadata
    } catch (error) {
      metadata = `<${(error as Error).message}>`
    }
    const { streamId, revision, position, type, data } = this
    return inspect({ streamId, revision, position, type, data, metadata }, options)
  }
}
