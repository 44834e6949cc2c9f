/** `@gridcase/projections/postgres`: read models, checkpoints and leases in PostgreSQL (PostgreSQL 读模型存储). */

export {
  type PostgresInlineHook,
  type PostgresInlineOptions,
  postgresInlineProjections,
} from "./postgres-inline.ts"
export {
  makePostgresProjectionLeases,
  type PostgresProjectionLeasesOptions,
} from "./postgres-leases.ts"
export {
  makePostgresReadModelStore,
  PostgresReadModelStore,
  type PostgresReadModelStoreOptions,
} from "./postgres-read-model-store.ts"
