// The dashboard's script: fetches the figures, draws them as plain SVG, and refetches whenever
// the server's event stream says the read models moved. No library, no CDN: it runs offline.

const $ = (id) => document.getElementById(id)

const esc = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  )

const percent = (rate) => (rate.rate === null ? "–" : `${Math.round(rate.rate * 100)}%`)

/** Horizontal bars, one per item, scaled to the largest value. */
const barChart = (items, colour) => {
  const row = 20
  const labelWidth = 150
  const width = 560
  const max = Math.max(1, ...items.map((item) => item.value))
  const bars = items
    .map((item, i) => {
      const y = i * row
      const length = ((width - labelWidth - 40) * item.value) / max
      return `<g data-grid="${esc(item.key)}">
        <text x="0" y="${y + 14}">${esc(item.label)}</text>
        <rect x="${labelWidth}" y="${y + 3}" width="${Math.max(length, 1)}" height="${row - 6}" fill="${colour}" rx="2"></rect>
        <text x="${labelWidth + length + 4}" y="${y + 14}" data-testid="bar-value">${item.value}</text>
      </g>`
    })
    .join("")
  return `<svg viewBox="0 0 ${width} ${items.length * row + 4}" role="img" aria-label="bar chart">${bars}</svg>`
}

/** One bar per rate, 0–100 %, with its fraction written out. */
const rateChart = (rates) => {
  const entries = [
    ["网格自办率 self-resolution", rates.selfResolution],
    ["满意率 satisfaction", rates.satisfaction],
    ["重办率 reopened", rates.reopen],
    ["12345 分流 hotline diversion", rates.hotlineDiversion],
  ]
  const row = 34
  const width = 360
  const bars = entries
    .map(([label, rate], i) => {
      const y = i * row
      const share = rate.rate ?? 0
      return `<g>
        <text x="0" y="${y + 12}">${esc(label)}  ${percent(rate)} (${rate.numerator}/${rate.denominator})</text>
        <rect x="0" y="${y + 17}" width="${width}" height="10" fill="#e7edf5" rx="2"></rect>
        <rect x="0" y="${y + 17}" width="${width * share}" height="10" fill="#2c8a4b" rx="2"></rect>
      </g>`
    })
    .join("")
  return `<svg viewBox="0 0 ${width} ${entries.length * row}" role="img" aria-label="rates">${bars}</svg>`
}

/** A case's events as dots on a time axis, then listed. */
const timelineView = (caseId, data) => {
  const entries = data.timeline
  if (entries.length === 0) return `<p class="empty">no such case</p>`
  const times = entries.map((entry) => Date.parse(entry.at))
  const first = Math.min(...times)
  const span = Math.max(1, Math.max(...times) - first)
  const width = 360
  const dots = entries
    .map((entry, i) => {
      const x = 10 + ((width - 20) * (times[i] - first)) / span
      return `<circle cx="${x}" cy="14" r="5" fill="#2a61a8"><title>${esc(entry.type)}</title></circle>`
    })
    .join("")
  const svg = `<svg viewBox="0 0 ${width} 28" role="img" aria-label="timeline"><line x1="10" y1="14" x2="${width - 10}" y2="14" stroke="#d8dee6" stroke-width="2"></line>${dots}</svg>`
  const lights = data.timers
    .map(
      (timer) =>
        `<span class="status" data-light="${esc(timer.light)}">${esc(timer.step)}: ${esc(timer.light)}</span>`,
    )
    .join(" ")
  const list = entries
    .map(
      (entry) =>
        `<li><time>${esc(entry.at.slice(5, 16).replace("T", " "))}</time> ${esc(entry.type)} <small>by ${esc(entry.by)}</small></li>`,
    )
    .join("")
  return `<p><b>${esc(caseId)}</b> — <span class="status" data-testid="timeline-status">${esc(data.case.status)}</span> at ${esc(data.case.level)}</p>${svg}<p>${lights}</p><ol>${list}</ol>`
}

// The figures and cases are for staff: the page sends a staff token. It takes one from its
// address once (`/dashboard#token=…`), keeps it for this tab only and drops it from the address,
// or asks for one.
const staffToken = (() => {
  const fromAddress = new URLSearchParams(location.hash.slice(1)).get("token")
  if (fromAddress !== null) {
    sessionStorage.setItem("gridcase-staff-token", fromAddress)
    history.replaceState(null, "", location.pathname)
  }
  let token = sessionStorage.getItem("gridcase-staff-token")
  if (token === null) {
    token = window.prompt("Staff token (工作人员令牌)") ?? ""
    sessionStorage.setItem("gridcase-staff-token", token)
  }
  return token
})()
const staffFetch = (path) => fetch(path, { headers: { authorization: `Bearer ${staffToken}` } })

let shownCase

const showTimeline = async (caseId) => {
  shownCase = caseId
  $("timeline-id").value = caseId
  const response = await staffFetch(`/api/cases/${encodeURIComponent(caseId)}`)
  $("timeline").innerHTML = response.ok
    ? timelineView(caseId, await response.json())
    : `<p class="empty">${esc((await response.json()).error)}</p>`
}

const render = (figures) => {
  $("clock").textContent = figures.now.slice(0, 16).replace("T", " ")
  $("calendar-warning").hidden = figures.calendarWarning === null
  $("calendar-warning").textContent = figures.calendarWarning ?? ""
  $("open-total").textContent = figures.openTotal
  $("overdue-total").textContent = figures.overdueTotal
  $("closed-total").textContent = figures.timeToResolve.closed
  $("p90").textContent =
    figures.timeToResolve.p90Hours === null ? "–" : `${figures.timeToResolve.p90Hours.toFixed(1)} h`
  $("grid-chart").innerHTML = barChart(
    figures.openPerGrid.map((grid) => ({ key: grid.gridId, label: grid.name, value: grid.open })),
    "#b3261e",
  )
  $("rates").innerHTML = rateChart(figures.rates)
  $("overdue").innerHTML =
    figures.overdue.length === 0
      ? `<p class="empty">nothing overdue</p>`
      : figures.overdue
          .map(
            (cell) =>
              `<div class="overdue-cell"><h3>${esc(cell.level)}${cell.departmentId ? ` · ${esc(cell.departmentId)}` : ""} (${cell.cases.length})</h3>${cell.cases
                .map(
                  (c) =>
                    `<div data-case="${esc(c.caseId)}">${esc(c.category)} · ${esc(c.gridId)} · +${c.overdueHours} h</div>`,
                )
                .join("")}</div>`,
          )
          .join("")
  const care = figures.careVisits
  $("care").textContent =
    care.due === 0
      ? "上月走访达标 care visits last month: none due"
      : `上月走访达标 care visits last month: ${care.met}/${care.due} (${Math.round(care.rate * 100)}%)`
  $("leaders").innerHTML = figures.pointsLeaders
    .map((entry) => `<li>${esc(entry.residentId)} — ${entry.balance} 分</li>`)
    .join("")
  $("recent").innerHTML = figures.recent
    .map(
      (request) =>
        `<li data-case="${esc(request.caseId)}"><span class="status" data-status="${esc(request.status)}">${esc(request.status)}</span> ${esc(request.category)} · ${esc(request.gridId)} — ${esc(request.description.slice(0, 40))}</li>`,
    )
    .join("")
}

const refresh = async () => {
  const response = await staffFetch("/api/dashboard")
  if (response.ok) render(await response.json())
  if (shownCase !== undefined) await showTimeline(shownCase)
}

// At most one refresh in flight, and one more queued behind it: bursts of events coalesce.
let running
let again = false
const scheduleRefresh = () => {
  if (running !== undefined) {
    again = true
    return
  }
  running = refresh().finally(() => {
    running = undefined
    if (again) {
      again = false
      scheduleRefresh()
    }
  })
}

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-case]") : null
  if (target !== null) void showTimeline(target.getAttribute("data-case"))
})
$("timeline-form").addEventListener("submit", (event) => {
  event.preventDefault()
  const caseId = $("timeline-id").value.trim()
  if (caseId !== "") void showTimeline(caseId)
})

const stream = new EventSource("/api/events")
stream.addEventListener("open", () => {
  $("live").dataset.state = "live"
  $("live").textContent = "live"
  scheduleRefresh()
})
stream.addEventListener("change", scheduleRefresh)
stream.addEventListener("error", () => {
  $("live").dataset.state = "reconnecting"
  $("live").textContent = "reconnecting…"
})
scheduleRefresh()
