import { randomBytes } from "node:crypto"
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { Privacy } from "@gridcase/core"
import { Effect, Layer, Option, Semaphore } from "effect"
import { makeKeyWrapping } from "./key-wrapping.ts"

/** What the file holds per subject: its AES-256 key wrapped by the master key, or a tombstone. */
type Entry = { readonly wrapped: string } | { readonly destroyed: true }

export interface FileKeyStoreOptions {
  /** The JSON file of wrapped keys (created if missing, written with mode 0600). */
  readonly file: string
  /** 32 bytes that wrap every subject's key (AES-KW). Keep it elsewhere than the file: a KMS, a secret. */
  readonly masterKey: Uint8Array
}

/**
 * A key store (密钥库) kept in one file, for a single-process service: each resident's key is
 * wrapped by a master key before it is written, and destroying a key (crypto-shredding,
 * PIPL 删除权) rewrites the file with a tombstone in its place, so the key is gone from it for
 * good. Writes go to a temporary file renamed over the old one, so a crash leaves either file
 * whole. Core ships only an in-memory store, whose keys — and so every sealed field — die with
 * the process; this one survives restarts.
 */
export const makeFileKeyStore = async (options: FileKeyStoreOptions): Promise<Privacy.KeyStoreShape> => {
  const wrapping = await makeKeyWrapping(options.masterKey)
  const entries = new Map<string, Entry>(
    existsSync(options.file)
      ? Object.entries(JSON.parse(readFileSync(options.file, "utf8")) as Record<string, Entry>)
      : [],
  )
  const live = new Map<string, Privacy.SubjectKey>()
  const lock = Semaphore.makeUnsafe(1)

  const unavailable = (message: string) => (cause: unknown) =>
    new Privacy.KeyStoreUnavailable({ message, cause })
  const save = Effect.try({
    try: () => {
      const temporary = `${options.file}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(entries)), { mode: 0o600 })
      renameSync(temporary, options.file)
    },
    catch: unavailable(`cannot write the key store ${options.file}`),
  })
  /** The subject's key as stored now: a key, a tombstone, or nothing yet. */
  const held = (subject: string) =>
    Effect.gen(function* () {
      const entry = entries.get(subject)
      if (entry === undefined) return undefined
      if ("destroyed" in entry) return "destroyed" as const
      const cached = live.get(subject)
      if (cached !== undefined) return cached
      const key = yield* wrapping.unwrap(subject, entry.wrapped)
      live.set(subject, key)
      return key
    })

  return {
    createKey: (subject) =>
      lock.withPermits(1)(
        Effect.gen(function* () {
          const existing = yield* held(subject)
          if (existing === "destroyed") return yield* new Privacy.SubjectErased({ subject })
          if (existing !== undefined) return existing
          entries.set(subject, { wrapped: yield* wrapping.fresh })
          yield* save
          // What callers get can encrypt and decrypt but never be exported again.
          return yield* held(subject).pipe(Effect.map((key) => key as Privacy.SubjectKey))
        }),
      ),
    getKey: (subject) =>
      Effect.flatMap(held(subject), (key) =>
        key === undefined
          ? Effect.fail(new Privacy.SubjectKeyNotFound({ subject }))
          : Effect.succeed(key === "destroyed" ? Option.none() : Option.some(key)),
      ),
    destroyKey: (subject) =>
      lock.withPermits(1)(
        Effect.suspend(() => {
          live.delete(subject)
          entries.set(subject, { destroyed: true })
          return save
        }),
      ),
  }
}

/** A master key for a demo: read from `file`, or made and written there (0600) the first time. */
export const demoMasterKey = (file: string): Uint8Array => {
  if (existsSync(file)) return new Uint8Array(Buffer.from(readFileSync(file, "utf8").trim(), "base64"))
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600 })
  return new Uint8Array(key)
}

export const fileKeyStoreLayer = (options: FileKeyStoreOptions): Layer.Layer<Privacy.KeyStore> =>
  Layer.effect(
    Privacy.KeyStore,
    Effect.promise(() => makeFileKeyStore(options)).pipe(Effect.map(Privacy.KeyStore.of)),
  )
