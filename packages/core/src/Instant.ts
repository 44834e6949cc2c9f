/**
 * Moments in business time: epoch milliseconds, and their ISO 8601 form in Asia/Shanghai.
 *
 * @module
 */
export { HOUR, Instant, MINUTE, toShanghaiIso } from "./shared/instant.ts"
