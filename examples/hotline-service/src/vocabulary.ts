import { Case, type Level, type Territory } from "@gridcase/core"

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
  followUp: label("回访", "call-back"),
  supervision: label("督办回复", "answer to supervision"),
  whole: label("全程", "whole case"),
}

/** Traffic lights (红黄绿灯). */
export const LIGHT_LABELS: Readonly<Record<Case.Light, Label>> = {
  green: label("绿灯", "on time"),
  yellow: label("黄灯", "nearly due"),
  red: label("红灯", "overdue"),
}

/** What happened to a case (办理过程), one label per event type, for timelines. */
export const EVENT_LABELS: Readonly<Record<Case.EventTag, Label>> = {
  CaseReported: label("上报", "reported"),
  CaseSelfHandled: label("现场处置", "handled on the spot"),
  SelfHandlingAudited: label("自处理审核", "self-handling audited"),
  CaseRegistered: label("立案", "registered"),
  CaseRejected: label("不予立案", "rejected"),
  CaseDispatched: label("派遣", "dispatched"),
  CaseAcknowledged: label("签收", "acknowledged"),
  CaseSentBack: label("退回", "sent back"),
  HandlingStarted: label("开始处置", "handling started"),
  ProgressNoted: label("进展记录", "progress noted"),
  ExtensionRequested: label("申请延期", "extension requested"),
  ExtensionGranted: label("批准延期", "extension granted"),
  ExtensionDenied: label("驳回延期", "extension denied"),
  VoidRequested: label("申请作废", "void requested"),
  CaseVoided: label("作废", "voided"),
  VoidDenied: label("驳回作废", "void denied"),
  ShelveRequested: label("申请挂账", "shelving requested"),
  CaseShelved: label("挂账", "shelved"),
  ShelveDenied: label("驳回挂账", "shelving denied"),
  SendBackRequested: label("申请退回", "send-back requested"),
  SendBackDenied: label("驳回退回", "send-back denied"),
  CaseRestored: label("挂账恢复", "restored"),
  CaseHeld: label("暂停", "put on hold"),
  CaseResumed: label("恢复办理", "resumed"),
  CaseResolved: label("办结", "resolved"),
  VerificationPassed: label("核查通过", "check passed"),
  VerificationFailed: label("核查不通过", "check failed"),
  CaseClosed: label("结案", "closed"),
  CaseFollowedUp: label("回访", "called back"),
  CaseReminded: label("催办", "reminded"),
  DelayExplained: label("报告说明理由", "delay explained"),
  CaseCriticized: label("通报批评", "criticised in writing"),
  CaseReopened: label("重办", "reopened"),
  CaseMerged: label("合并", "merged"),
  CaseSupervised: label("督办", "supervised"),
  SupervisionAnswered: label("督办回复", "supervision answered"),
  HotlineTicketLinked: label("关联12345工单", "12345 ticket linked"),
  HotlineOutcomeReported: label("答复12345", "outcome sent to 12345"),
  CaseEscalated: label("上报升级", "escalated"),
  CaseDeEscalated: label("下派", "handed down"),
}

/** Why a case climbed a level (升级原因). */
export const ESCALATION_REASON_LABELS: Readonly<Record<Case.EscalationReason, Label>> = {
  overdue: label("超时自动上报", "overdue"),
  requested: label("请求上级协助", "asked for help"),
  manual: label("督办提级", "by a supervisor"),
}

/** The roles people hold (角色, docs/domain.md#roles). */
export const ROLE_LABELS: Readonly<Record<Territory.Role, Label>> = {
  gridLeader: label("网格长", "grid leader"),
  gridWorker: label("网格员", "grid worker"),
  microGridWorker: label("微网格员", "micro-grid worker"),
  partyGroupLeader: label("党小组长", "party-group leader"),
  buildingHead: label("楼栋长", "building head"),
  volunteer: label("志愿者", "volunteer"),
  stationHead: label("站长", "station head"),
  dispatcher: label("指挥中心", "dispatcher"),
  hotlineOperator: label("12345话务员", "hotline operator"),
  departmentHandler: label("部门处置人员", "department handler"),
  supervisor: label("督办员", "supervisor"),
}

/**
 * Who acts when it is not a person of the territory (系统与外部来源), as timelines name them: by
 * their exact id, or by the prefix (ending in ":") their ids share.
 */
export const ACTOR_LABELS: Readonly<Record<string, Label>> = {
  "system:deadlines": label("超时监控", "deadline process"),
  "system:": label("系统", "the system"),
  "open311:": label("Open311 群众上报", "Open311 client"),
}

/** The label of a process or client acting, exact id first, then its prefix; undefined for people. */
export const actorLabel = (actor: string): Label | undefined =>
  ACTOR_LABELS[actor] ?? ACTOR_LABELS[`${actor.split(":")[0]}:`]

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
    case "closed":
      // Closed without the reporter's verdict: the call-back (回访) is still to be made.
      return c.satisfaction === undefined ? "followUp" : undefined
    default:
      return undefined
  }
}
