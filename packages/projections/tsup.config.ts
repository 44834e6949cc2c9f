import { defineConfig } from "tsup"

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "sqlite/index": "src/stores/sqlite/index.ts",
    "postgres/index": "src/stores/postgres/index.ts",
  },
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node22",
})
