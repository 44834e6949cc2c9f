import { Calendar, Case, Escalation, Instant } from "@gridcase/core"
import type { UnplacedReports } from "@gridcase/projections"
import { isWebUrl } from "../office-api/free-text.ts"
import type { Open311Value } from "./format.ts"
import { open311Status } from "./request-status.ts"
import type { RequestUpdateOf, ServiceRequestDoc } from "./requests-projection.ts"
import { isServiceCode, open311Service, serviceNotice } from "./services.ts"

/** Who is answerable for a case now, as the public should read it (a department, a grid, a community…). */
export type AgencyOf = (c: Case.OpenedCase) => string

/**
 * When the case is expected to be dealt with: the deadline of the level that owns it
 * (the escalation deadline). Unknown when the case no longer runs against one, or when the
 * deadline lies past the years the working calendar knows.
 */
const expectedAt = (c: Case.OpenedCase, config: Case.DeciderConfig): string | undefined => {
  if (!Case.isEscalatable(c.status)) return undefined
  try {
    return Instant.toShanghaiIso(Escalation.levelDeadline(c, config.policy, config.calendar))
  } catch (error) {
    if (error instanceof Calendar.OutsideCalendarError) return undefined
    throw error
  }
}

/** A GeoReport v2 service request, with the fields in the standard's order. */
export const requestView = (
  doc: ServiceRequestDoc,
  config: Case.DeciderConfig,
  agencyOf: AgencyOf,
): Open311Value => {
  const c = doc.case
  const service = isServiceCode(c.category) ? open311Service(c.category) : undefined
  return {
    service_request_id: c.caseId,
    status: open311Status(c),
    status_notes: doc.updates.at(-1)?.description,
    service_name: service?.service_name ?? c.category,
    service_code: c.category,
    description: doc.description,
    agency_responsible: agencyOf(c),
    service_notice: serviceNotice(config.policy, c.category, c.urgency === "urgent"),
    requested_datetime: Instant.toShanghaiIso(doc.requestedAt),
    updated_datetime: Instant.toShanghaiIso(c.lastAt),
    expected_datetime: expectedAt(c, config),
    address: c.location.address,
    address_id: undefined,
    zipcode: undefined,
    lat: c.location.lat,
    long: c.location.long,
    // Only web links are shown, whatever an older record holds (never `javascript:`).
    media_url: isWebUrl(doc.mediaUrl) ? doc.mediaUrl : undefined,
  }
}

/** A FixMyStreet `request_update`. */
export const updateView = (update: RequestUpdateOf): Open311Value => ({
  update_id: update.updateId,
  service_request_id: update.serviceRequestId,
  status: update.status,
  updated_datetime: Instant.toShanghaiIso(update.at),
  description: update.description,
  media_url: isWebUrl(update.mediaUrl) ? update.mediaUrl : "",
})

/**
 * A request still waiting for its location (待定位): open, with notes telling the citizen it was
 * received and is being located by the office's dispatcher.
 */
export const waitingView = (
  report: UnplacedReports.Report,
  config: Case.DeciderConfig,
  agency: string,
): Open311Value => {
  const service = isServiceCode(report.category) ? open311Service(report.category) : undefined
  return {
    service_request_id: report.reportId,
    status: "open",
    status_notes:
      "已受理，待定位：地址未能自动匹配到网格，调度员正在定位 — received; the dispatcher is locating the place you reported",
    service_name: service?.service_name ?? report.category,
    service_code: report.category,
    description: report.description,
    agency_responsible: agency,
    service_notice: serviceNotice(config.policy, report.category, report.urgency === "urgent"),
    requested_datetime: Instant.toShanghaiIso(report.at),
    updated_datetime: Instant.toShanghaiIso(report.lastAt),
    expected_datetime: undefined,
    address: report.location.address,
    address_id: undefined,
    zipcode: undefined,
    lat: report.location.lat,
    long: report.location.long,
    media_url: isWebUrl(report.mediaUrls?.[0]) ? report.mediaUrls?.[0] : undefined,
  }
}
