/**
 * Residents by grid and care tag (still sealed), and care-visit compliance (走访达标率).
 *
 * @module
 */
export type { AreaScope } from "./read-models/area-scope.ts"
export { careCompliance, careComplianceOf } from "./read-models/care-compliance.ts"
export {
  RESIDENTS as NAME,
  type ResidentRecord as Record,
  ResidentsIndex as Index,
  residentIdsIn as idsIn,
  residentRecordsIn as recordsIn,
  residentsProjection as projection,
} from "./read-models/residents.ts"
