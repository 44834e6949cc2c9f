/**
 * TODO Instant
 *
 * @module
 */
export { HOUR, Instant, MINUTE, toShanghaiIso } from "./shared/instant.ts"
