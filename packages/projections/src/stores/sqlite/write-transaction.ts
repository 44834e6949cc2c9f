import type { DatabaseSync } from "node:sqlite"

/**
 * Runs `body` in a write transaction, taking SQLite's write lock first (`BEGIN IMMEDIATE`) so
 * that what it reads still holds when it writes. On a connection already in a transaction —
 * the event store's, running an inline projection inside an append — it nests in a savepoint
 * instead: the outer transaction holds the lock, and a failure undoes only this body.
 */
export const inWriteTransaction = <A>(db: DatabaseSync, body: () => A): A => {
  const nested = db.isTransaction
  db.exec(nested ? "SAVEPOINT gridcase_read_models" : "BEGIN IMMEDIATE")
  try {
    const result = body()
    db.exec(nested ? "RELEASE gridcase_read_models" : "COMMIT")
    return result
  } catch (error) {
    if (nested) db.exec("ROLLBACK TO gridcase_read_models; RELEASE gridcase_read_models")
    else db.exec("ROLLBACK")
    throw error
  }
}
