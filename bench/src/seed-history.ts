/**
 * Seeds a district history into a SQLite file for the workloads that read one, in a child
 * process of its own (so its memory never counts towards a measurement):
 * `seed-history.ts <ours|emmett> <events> <file>`. The orchestrator passes a temporary name and
 * renames it once this process has exited, so an interrupted seed is never mistaken for a
 * finished one (and Emmett's `sqlite3`, which closes asynchronously, has let go of the file).
 */
import { DatabaseSync } from "node:sqlite"
import { seedEmmettSqliteFile, seedOurs } from "./fixtures/seed.ts"
import { openOurSqliteFile } from "./subjects/ours.ts"

const [impl, eventsArg, file] = process.argv.slice(2)
const events = Number(eventsArg)
if (file === undefined || !Number.isSafeInteger(events) || (impl !== "ours" && impl !== "emmett")) {
  throw new Error("usage: seed-history.ts <ours|emmett> <events> <file>")
}

if (impl === "emmett") {
  await seedEmmettSqliteFile(file, events)
} else {
  // Seeding is not measured: NORMAL durability makes it quicker and changes nothing read later.
  const opened = await openOurSqliteFile(file, "NORMAL")
  await seedOurs(opened.store, events)
  await opened.close()
  const db = new DatabaseSync(file)
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)")
  db.close()
}
process.exit(0)
