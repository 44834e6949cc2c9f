import { Case, type Level } from "@gridcase/core"

/**
 * The office's words for what it shows (界面用语), Chinese and English, in one place: the API's
 * lists, the Open311 notes and the dashboard read their labels from here, so a status is called
 * the same everywhere.
 */
export interface Label {
  readonly zh: string
  readonly en: string
}

const label = (zh: string, en: string): Label => ({ zh, en })

/** Case statuses (案件状态), in the loop's order. */
export const STATUS_LABELS: Readonly<Record<Case.Status, Label>> = {
  reported: label("已上报", "reported"),
  registered: label("已立案", "registered"),
  dispatched: label("已派遣", "dispatched"),
  acknowledged: label("已签收", "acknowledged"),
  inProgress: label("处置中", "in progress"),
  onHold: label("暂停", "on hold"),
  resolved: label("已办结", "resolved"),
  verified: label("已核查", "verified"),
  selfHandled: label("自处理", "self-handled"),
  shelved: label("挂账", "shelved"),
  closed: label("已结案", "closed"),
  rejected: label("不予立案", "rejected"),
  voided: label("作废", "voided"),
  merged: label("已合并", "merged"),
}

/** Levels (层级), lowest first. */
export const LEVEL_LABELS: Readonly<Record<Level.Level, Label>> = {
  microGrid: label("微网格", "micro-grid"),
  grid: label("网格", "grid"),
  community: label("社区", "community"),
  street: label("街道", "street office"),
  district: label("区", "district"),
}

/** Where a case came from (案件来源). */
export const SOURCE_LABELS: Readonly<Record<Case.Source, Label>> = {
  patrol: label("巡查发现", "patrol"),
  microGridReport: label("微网格上报", "micro-grid report"),
  residentReport: label("群众上报", "resident report"),
  visit: label("走访发现", "visit"),
  hotline: label("12345热线", "12345 hotline"),
  cityPlatform: label("城市平台", "city platform"),
  sensor: label("物联感知", "sensor"),
}

/** The timed steps (环节) whose lights a case shows. */
export const STEP_LABELS: Readonly<Record<Case.Step, Label>> = {
  register: label("立案", "register"),
  dispatch: label("派遣", "dispatch"),
  acknowledge: label("签收", "acknowledge"),
  handle: label("处置", "handle"),
  verify: label("核查", "verify"),
  whole: label("全程", "whole case"),
}

/** Traffic lights (红黄绿灯). */
export const LIGHT_LABELS: Readonly<Record<Case.Light, Label>> = {
  green: label("绿灯", "on time"),
  yellow: label("黄灯", "nearly due"),
  red: label("红灯", "overdue"),
}

/** The case categories, from core's catalogue ("邻里纠纷 — leaks between floors…"). */
export const CATEGORY_LABELS: Readonly<Record<string, Label>> = Object.fromEntries(
  Object.entries(Case.CATEGORIES).map(([code, text]) => {
    const [zh = code, en = code] = text.split(" — ")
    return [code, label(zh, en)]
  }),
)

/** "已上报 reported": the label in both languages, as the Open311 notes and the dashboard show it. */
export const both = (text: Label): string => `${text.zh} ${text.en}`

/**
 * What an open case waits for (待办事项): the step its status leaves next, or the supervisor's
 * answer to a pending request. Undefined once the case is settled.
 */
export const waitingFor = (c: Case.OpenedCase): string | undefined => {
  if (c.pending !== undefined) return "approval"
  switch (c.status) {
    case "reported":
      return "register"
    case "registered":
      return "dispatch"
    case "dispatched":
      return "acknowledge"
    case "acknowledged":
    case "inProgress":
      return "resolve"
    case "onHold":
      return "resume"
    case "resolved":
      return "verify"
    case "verified":
      return "close"
    case "selfHandled":
      return "audit"
    case "shelved":
      return "restore"
    default:
      return undefined
  }
}
