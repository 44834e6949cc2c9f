import { defineConfig, type Options } from "tsup"

/**
 * The JavaScript every @gridcase package ships: ESM for the Node versions the packages' `engines`
 * name. Source maps embed their sources (esbuild's default), so a stack trace under
 * `--enable-source-maps` or a debugger shows the TypeScript although `src/` is not in the tarball.
 *
 * The `.d.ts` come from tsc (tsconfig.build.json), not from tsup's bundler: rollup-plugin-dts
 * turns `export * as Case from "./Case.ts"` over type exports into `declare const …: typeof
 * SomeType`, which no compiler accepts.
 */
export const packageBuild = (entry: Options["entry"]) =>
  defineConfig({
    entry,
    format: ["esm"],
    clean: true,
    sourcemap: true,
    target: "node22",
    // tsup strips `node:` from built-in imports by default, turning `node:sqlite` (which exists
    // only under that prefix) into a bare `sqlite` that no Node resolves.
    removeNodeProtocol: false,
  })
