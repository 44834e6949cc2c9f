// Runs first, in the page's head: takes the staff token and starts fetching the figures, the
// map and the office's words at once, while the rest (ECharts) loads, so the screen's first
// paint already shows the figures. The event stream opens only after they are drawn.

// The figures are for staff: the page takes a staff token from its address once
// (`/dashboard#token=…`), keeps it for this tab only and drops it from the address, or asks.
window.staffToken = (() => {
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

/** A JSON answer of the office API with the staff token; its error message when refused. */
window.staffJson = async (path) => {
  const response = await fetch(path, { headers: { authorization: `Bearer ${window.staffToken}` } })
  const body = await response.json()
  if (!response.ok) throw new Error(body.error ?? `${response.status}`)
  return body
}

window.firstLoad = Promise.all([
  window.staffJson("/api/dashboard"),
  window.staffJson("/api/dashboard/map"),
  fetch("/api/vocabulary").then((response) => response.json()),
])
// Handled where it is awaited; this keeps an early failure from being reported twice.
window.firstLoad.catch(() => undefined)
