import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"

/** A fresh temporary directory for this test file, removed after its tests. */
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "gridcase-sqlite-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
