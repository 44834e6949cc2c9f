import { Case, type Escalation } from "@gridcase/core"

/** Which group (GeoReport's `group`) each category sits in, for clients that show a two-level menu. */
const GROUPS: { readonly [K in keyof typeof Case.CATEGORIES]: string } = {
  neighbourDispute: "neighbourhood",
  commonAreaClutter: "neighbourhood",
  disorderlyParking: "neighbourhood",
  safetyHazard: "safety",
  utilities: "utilities",
  sanitation: "environment",
  greenSpace: "environment",
  vulnerablePerson: "care",
  epidemic: "care",
  policyConsultation: "enquiries",
  complaint: "enquiries",
  suggestion: "enquiries",
  environment: "environment",
}

/** One service (GeoReport v2 "service"): one of our case categories. */
export type Open311Service = {
  readonly service_code: string
  readonly service_name: string
  readonly description: string
  /** Always true: every service takes our attributes (urgency, 12345 ticket). */
  readonly metadata: true
  /** Realtime: the request id comes back at once (a token is only needed by batch services). */
  readonly type: "realtime"
  readonly keywords: string
  readonly group: string
}

export type ServiceCode = keyof typeof Case.CATEGORIES

export const SERVICE_CODES = Object.keys(Case.CATEGORIES) as ReadonlyArray<ServiceCode>

export const isServiceCode = (code: string): code is ServiceCode => Object.hasOwn(Case.CATEGORIES, code)

/** "邻里纠纷 — leaks between floors, noise" → name "邻里纠纷", description the rest. */
const split = (text: string): { name: string; description: string } => {
  const [name = text, description = text] = text.split(" — ")
  return { name, description }
}

export const open311Service = (code: ServiceCode): Open311Service => {
  const { name, description } = split(Case.CATEGORIES[code])
  return {
    service_code: code,
    service_name: name,
    description,
    metadata: true,
    type: "realtime",
    keywords: [code, name, ...description.split(/,\s*/)].join(", "),
    group: GROUPS[code],
  }
}

/** GeoReport v2 attribute of a service definition. */
export type Open311Attribute = {
  readonly variable: boolean
  readonly code: string
  readonly datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist"
  readonly required: boolean
  readonly datatype_description: string | null
  readonly order: number
  readonly description: string
  readonly values?: ReadonlyArray<{ readonly key: string; readonly name: string }>
}

/**
 * The attributes every service takes (`attribute[code]=value` when posting): how urgent it is
 * (紧急程度: urgent cases run on wall-clock hours) and, for a ticket transferred from the 12345
 * hotline (12345+网格化), its ticket number, so the outcome can be reported back.
 */
export const ATTRIBUTES: ReadonlyArray<Open311Attribute> = [
  {
    variable: true,
    code: "urgency",
    datatype: "singlevaluelist",
    required: false,
    datatype_description: null,
    order: 1,
    description: "紧急程度 — is there danger to people or property right now?",
    values: [
      { key: "normal", name: "一般 — normal" },
      { key: "urgent", name: "紧急 — urgent: danger to life or property" },
    ],
  },
  {
    variable: true,
    code: "hotline_ticket",
    datatype: "string",
    required: false,
    datatype_description: "12345-YYYYMMDD-NNNN",
    order: 2,
    description: "12345 热线工单号 — the 12345 hotline ticket this request was transferred from, if any",
  },
]

const showLimit = (limit: Escalation.TimeLimit): string => {
  const hours = limit.minutes / 60
  if (limit.clock === "wall") return `${hours} 小时 (hours, around the clock)`
  return hours >= 8 && hours % 8 === 0
    ? `${hours / 8} 个工作日 (working days)`
    : `${hours} 个工作小时 (working hours)`
}

/** What the office promises for a service: the policy's limit for the whole case (办结时限). */
export const serviceNotice = (policy: Escalation.Policy, code: string, urgent: boolean): string =>
  `办结时限 ${showLimit(policy.stepLimit("whole", code, urgent ? "urgent" : "normal"))}`
