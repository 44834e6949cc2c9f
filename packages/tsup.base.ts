import { defineConfig, type Options } from "tsup"

/**
 * The build every @gridcase package ships: ESM with `.d.ts`, for the Node versions the packages'
 * `engines` name. Source maps embed their sources (esbuild's default), so a stack trace under
 * `--enable-source-maps` or a debugger shows the TypeScript although `src/` is not in the tarball.
 */
export const packageBuild = (entry: Options["entry"]) =>
  defineConfig({
    entry,
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node22",
    // tsup strips `node:` from built-in imports by default, turning `node:sqlite` (which exists
    // only under that prefix) into a bare `sqlite` that no Node resolves.
    removeNodeProtocol: false,
  })
