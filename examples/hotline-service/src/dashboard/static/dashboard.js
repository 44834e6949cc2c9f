// The command-centre screen (指挥大屏): draws the figures with Apache ECharts (served by the
// service itself, so it runs offline), the grids as a map from their GeoJSON boundaries (no
// tiles), and refetches whenever the server's event stream says the read models moved.
// `dashboard-boot.js` has already started fetching the figures, the map and the words.
/* global echarts */

const $ = (id) => document.getElementById(id)

const esc = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  )

const COLOURS = {
  cyan: "#3fe0ff",
  blue: "#2f7bff",
  red: "#ff4d4f",
  amber: "#ffb020",
  green: "#3ddc84",
  violet: "#a78bfa",
  muted: "#8fa8c8",
  title: "#7fd3ff",
  ink: "#e6f1ff",
  line: "rgba(72, 160, 255, 0.25)",
}
const LIGHT_COLOURS = { red: COLOURS.red, yellow: "#fadb14", green: COLOURS.green }
const REASON_COLOURS = { overdue: COLOURS.red, requested: COLOURS.amber, manual: COLOURS.violet }

/** Sizes in rem, as the page's font scales with the screen. */
const rem = (n) => n * Number.parseFloat(getComputedStyle(document.documentElement).fontSize)

const state = {
  figures: undefined,
  words: undefined,
  geo: undefined,
  territoryVersion: undefined,
  fill: "open",
  /** Which parties the assessment panel lists: units (departments), workers or grids. */
  assess: "units",
  level: "grid",
  focus: undefined,
  shownCase: undefined,
}

// ——— words ———————————————————————————————————————————————————————————————————

/** The Chinese label of a code from the office's vocabulary (`/api/vocabulary`); the code if none. */
const zh = (group, code) => state.words?.[group]?.[code]?.zh ?? code
/** An id's name (an area, a department, a person), as the figures give them. */
const nameOf = (id) => state.figures?.names?.[id] ?? id
/** Who acted: a person by name, or a process or client of the office. */
const actorOf = (actor) => {
  const actors = state.words?.actors ?? {}
  const known = state.figures?.names?.[actor] ?? (actors[actor] ?? actors[`${actor.split(":")[0]}:`])?.zh
  return known ?? actor
}
/** "盛唐路社区第2网格" → "第2网格" where the community is already named around it. */
const shortGrid = (gridId) => {
  const feature = state.geo?.features.find((f) => f.properties.name === gridId)
  const name = nameOf(gridId)
  const community = feature?.properties.communityName
  return community !== undefined && community !== null && name.startsWith(community)
    ? name.slice(community.length)
    : name
}
const percent = (rate) => (rate.rate === null ? "—" : `${Math.round(rate.rate * 100)}%`)
const hoursText = (h) => (h === null ? "—" : h >= 48 ? `${(h / 24).toFixed(1)} 天` : `${h.toFixed(1)} 小时`)
const shortTime = (iso) => iso.slice(5, 16).replace("T", " ")

// ——— charts ——————————————————————————————————————————————————————————————————

const charts = {}
const chart = (id) => {
  charts[id] ??= echarts.init($(id), undefined, { renderer: "canvas" })
  return charts[id]
}
const axisText = () => ({ color: COLOURS.muted, fontSize: rem(0.85) })
/** Who asks for less motion (and screenshots) gets still charts and no ripples. */
const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches
const baseOption = () => ({
  backgroundColor: "transparent",
  textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, color: COLOURS.ink },
  animation: !still,
  animationDuration: 500,
  tooltip: {
    backgroundColor: "rgba(6, 20, 48, 0.95)",
    borderColor: COLOURS.cyan,
    textStyle: { color: COLOURS.ink, fontSize: rem(0.9) },
  },
})
const legend = () => ({ top: 0, right: 0, textStyle: axisText(), itemWidth: rem(0.9), itemHeight: rem(0.6) })
const valueAxis = () => ({
  type: "value",
  minInterval: 1,
  axisLabel: axisText(),
  splitLine: { lineStyle: { color: COLOURS.line } },
})
const barTooltip = () => ({ ...baseOption().tooltip, trigger: "axis", axisPointer: { type: "shadow" } })

/** A chart that has nothing to show says so in words, not with empty axes. */
const nothing = (text) => ({
  ...baseOption(),
  graphic: {
    type: "text",
    left: "center",
    top: "middle",
    style: { text, fill: COLOURS.muted, fontSize: rem(1) },
  },
})

/** The grids, their communities and streets as maps to register (MultiPolygons of their grids). */
const registerMaps = (geo) => {
  echarts.registerMap("grids-grid", geo)
  for (const level of ["community", "street"]) {
    const groups = new Map()
    for (const feature of geo.features) {
      const id = feature.properties[`${level}Id`]
      if (id === null) continue
      const polygons =
        feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates
      groups.set(id, [...(groups.get(id) ?? []), ...polygons])
    }
    echarts.registerMap(`grids-${level}`, {
      type: "FeatureCollection",
      features: [...groups].map(([id, coordinates]) => ({
        type: "Feature",
        properties: { name: id },
        geometry: { type: "MultiPolygon", coordinates },
      })),
    })
  }
}

const LEVEL_RANK = { grid: 0, community: 1, street: 2 }
const featureKey = { grid: "name", community: "communityId", street: "streetId" }

/** The map level of an area id (a grid's, a community's, a street's) and one grid feature inside it. */
const placeOf = (areaId) => {
  for (const level of ["grid", "community", "street"]) {
    const feature = state.geo.features.find((f) => f.properties[featureKey[level]] === areaId)
    if (feature !== undefined) return { level, feature }
  }
  return undefined
}

/** The region an area lies in at the map's level: a grid widens to its community or street. */
const regionOf = (areaId) => {
  const place = placeOf(areaId)
  if (place === undefined || LEVEL_RANK[place.level] >= LEVEL_RANK[state.level]) return areaId
  return place.feature.properties[featureKey[state.level]] ?? areaId
}

/** Whether a grid lies in the area the screen is filtered to. */
const gridInFocus = (gridId) => {
  if (state.focus === undefined) return true
  const feature = state.geo.features.find((f) => f.properties.name === gridId)
  return (
    gridId === state.focus ||
    feature?.properties.communityId === state.focus ||
    feature?.properties.streetId === state.focus
  )
}

/** Open and overdue per region at the map's level, with the grids of each. */
const regions = () => {
  const byRegion = new Map()
  for (const grid of state.figures.grids) {
    const region = regionOf(grid.gridId)
    const sum = byRegion.get(region) ?? { open: 0, overdue: 0, grids: [] }
    byRegion.set(region, {
      open: sum.open + grid.open,
      overdue: sum.overdue + grid.overdue,
      grids: [...sum.grids, grid],
    })
  }
  return byRegion
}

const regionLabel = (region) => (state.level === "grid" ? shortGrid(region) : nameOf(region))

const regionTooltip = (region) => {
  const sums = regions().get(region)
  if (sums === undefined) return esc(nameOf(region))
  const lines = [`<b style="font-size:1.15em">${esc(nameOf(region))}</b>`]
  if (state.level === "grid") {
    const feature = state.geo.features.find((f) => f.properties.name === region)
    if (feature !== undefined) {
      lines.push(esc(feature.properties.communityName ?? ""))
      const people = (role, ids) =>
        ids.length === 0 ? [] : [`${esc(zh("roles", role))}：${ids.map(esc).join("、")}`]
      lines.push(
        ...people("gridLeader", feature.properties.leaders),
        ...people("gridWorker", feature.properties.workers),
      )
    }
  } else {
    lines.push(`${sums.grids.length} 个网格 grids`)
  }
  lines.push(
    `在办 open <b>${sums.open}</b> · 超期 overdue <b style="color:${COLOURS.red}">${sums.overdue}</b>`,
    `<span style="color:${COLOURS.muted}">点击筛选 click to filter</span>`,
  )
  return lines.join("<br>")
}

const pointTooltip = (point) =>
  [
    `<b>${esc(zh("categories", point.category))}</b> <span style="color:${LIGHT_COLOURS[point.light] ?? COLOURS.muted}">● ${esc(zh("lights", point.light ?? "green"))}</span>`,
    `${esc(nameOf(point.gridId))} · ${esc(zh("levels", point.level))}`,
    `${esc(zh("statuses", point.status))} — 点击查看办理过程`,
  ].join("<br>")

/** Each community's name at the top middle of its grids, where the map writes it. */
const blockNames = () => {
  const blocks = new Map()
  for (const feature of state.geo.features) {
    const id = feature.properties.communityId
    if (id === null) continue
    const polygons =
      feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates
    const points = polygons.flat(2)
    const box = blocks.get(id) ?? {
      name: feature.properties.communityName,
      west: 180,
      east: -180,
      north: -90,
    }
    for (const [long, lat] of points) {
      box.west = Math.min(box.west, long)
      box.east = Math.max(box.east, long)
      box.north = Math.max(box.north, lat)
    }
    blocks.set(id, box)
  }
  return [...blocks.values()].map((box) => ({
    name: box.name,
    value: [(box.west + box.east) / 2, box.north],
  }))
}

const drawMap = () => {
  const byRegion = regions()
  const values = [...byRegion].map(([name, sums]) => ({ name, value: sums[state.fill] }))
  const max = Math.max(1, ...values.map((v) => v.value))
  const points = state.figures.points.map((point) => ({
    name: point.caseId,
    value: [point.long, point.lat],
    point,
    itemStyle: { color: LIGHT_COLOURS[point.light] ?? COLOURS.cyan },
  }))
  const focused =
    state.focus === undefined
      ? []
      : state.level === "grid"
        ? state.figures.grids.filter((grid) => gridInFocus(grid.gridId)).map((grid) => grid.gridId)
        : [regionOf(state.focus)]
  const labelOf = (name) => {
    const sums = byRegion.get(name)
    return sums === undefined ? "" : `{name|${regionLabel(name)}}\n{value|${sums[state.fill]}}`
  }
  chart("map").setOption(
    {
      ...baseOption(),
      tooltip: {
        ...baseOption().tooltip,
        trigger: "item",
        formatter: (params) =>
          params.data?.point !== undefined ? pointTooltip(params.data.point) : regionTooltip(params.name),
      },
      visualMap: {
        type: "continuous",
        min: 0,
        max,
        seriesIndex: 0,
        calculable: false,
        orient: "vertical",
        right: rem(0.6),
        bottom: rem(0.6),
        itemHeight: rem(7),
        text: [state.fill === "open" ? "在办 多" : "超期 多", "少"],
        textStyle: { color: COLOURS.muted, fontSize: rem(0.8) },
        inRange: {
          color:
            state.fill === "open"
              ? ["#0d2a5c", "#134a9e", "#1c6fd6", "#2a9df4"]
              : ["#0d2a5c", "#7a2a3a", "#d9363e", "#ff4d4f"],
        },
      },
      geo: {
        map: `grids-${state.level}`,
        roam: false,
        top: rem(2.6),
        bottom: rem(3.2),
        left: rem(2),
        right: rem(5),
        aspectScale: 0.78,
        tooltip: { show: true },
        label: {
          show: true,
          formatter: (params) => labelOf(params.name),
          rich: {
            name: { color: "#cfe8ff", fontSize: rem(0.85), lineHeight: rem(1.1) },
            value: { color: "#ffffff", fontSize: rem(1.25), fontWeight: "bold", lineHeight: rem(1.5) },
          },
        },
        labelLayout: { hideOverlap: true },
        itemStyle: {
          borderColor: "#5ab8ff",
          borderWidth: state.level === "grid" ? 1.2 : 0.6,
          shadowColor: "rgba(63, 224, 255, 0.45)",
          shadowBlur: 12,
        },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#2a7de1" } },
        select: { disabled: true },
        regions: focused.map((name) => ({
          name,
          itemStyle: { borderColor: "#ffffff", borderWidth: 3, shadowBlur: 24, shadowColor: "#3fe0ff" },
        })),
      },
      series: [
        { id: "regions", type: "map", geoIndex: 0, data: values },
        {
          // The communities' (or streets') names above their blocks of grids.
          id: "block-names",
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 0,
          silent: true,
          data: state.level === "street" ? [] : blockNames(),
          label: {
            show: true,
            position: "top",
            formatter: "{b}",
            color: COLOURS.title,
            fontSize: rem(1.05),
            fontWeight: "bold",
            distance: rem(0.3),
          },
        },
        {
          id: "cases-red",
          type: still ? "scatter" : "effectScatter",
          coordinateSystem: "geo",
          data: points.filter((p) => p.point.light === "red"),
          symbolSize: rem(1.1),
          rippleEffect: { scale: 3.2, brushType: "stroke" },
          zlevel: 2,
        },
        {
          id: "cases",
          type: "scatter",
          coordinateSystem: "geo",
          data: points.filter((p) => p.point.light !== "red"),
          symbolSize: rem(0.95),
          itemStyle: { borderColor: "#04101f", borderWidth: 1 },
          zlevel: 2,
        },
      ],
    },
    { replaceMerge: ["series", "geo"] },
  )
}

const drawGridChart = () => {
  const grids = state.figures.grids
    .filter((grid) => gridInFocus(grid.gridId))
    .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.gridId.localeCompare(b.gridId))
    .slice(0, 10)
    .reverse()
  chart("grid-chart").setOption(
    {
      ...baseOption(),
      tooltip: barTooltip(),
      grid: { left: rem(0.4), right: rem(1.6), top: rem(1.6), bottom: rem(0.2), containLabel: true },
      legend: legend(),
      xAxis: valueAxis(),
      yAxis: {
        type: "category",
        data: grids.map((grid) => nameOf(grid.gridId)),
        axisLabel: { ...axisText(), width: rem(9), overflow: "truncate" },
      },
      series: [
        {
          name: "按期 on time",
          type: "bar",
          stack: "open",
          data: grids.map((grid) => grid.open - grid.overdue),
          itemStyle: { color: COLOURS.blue },
          barMaxWidth: rem(1),
        },
        {
          name: "超期 overdue",
          type: "bar",
          stack: "open",
          data: grids.map((grid) => grid.overdue),
          itemStyle: { color: COLOURS.red },
          label: {
            show: true,
            position: "right",
            color: COLOURS.ink,
            fontSize: rem(0.85),
            formatter: (p) => String(grids[p.dataIndex].open),
          },
        },
      ],
    },
    true,
  )
}

const drawTrend = () => {
  const days = state.figures.trend
  chart("trend").setOption(
    {
      ...baseOption(),
      tooltip: { ...baseOption().tooltip, trigger: "axis" },
      legend: legend(),
      grid: { left: rem(0.4), right: rem(0.8), top: rem(1.8), bottom: rem(0.2), containLabel: true },
      xAxis: {
        type: "category",
        boundaryGap: false,
        data: days.map((day) => day.day.slice(5)),
        axisLabel: { ...axisText(), interval: "auto", hideOverlap: true },
        axisLine: { lineStyle: { color: COLOURS.line } },
      },
      yAxis: valueAxis(),
      series: [
        ["受理 reported", "reported", COLOURS.cyan],
        ["结案 closed", "closed", COLOURS.green],
      ].map(([name, key, colour]) => ({
        name,
        type: "line",
        smooth: 0.25,
        symbolSize: rem(0.4),
        data: days.map((day) => day[key]),
        lineStyle: { color: colour, width: 2.5 },
        itemStyle: { color: colour },
        areaStyle: {
          color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
            { offset: 0, color: `${colour}66` },
            { offset: 1, color: `${colour}00` },
          ]),
        },
      })),
    },
    true,
  )
}

const drawRates = () => {
  const { rates } = state.figures
  const entries = [
    ["网格自办率", "self-resolution", rates.selfResolution, COLOURS.cyan],
    ["回访满意率", "satisfaction", rates.satisfaction, COLOURS.green],
    ["重办率", "reopened", rates.reopen, COLOURS.amber],
    ["12345 分流率", "hotline diversion", rates.hotlineDiversion, COLOURS.violet],
  ].reverse()
  chart("rates").setOption(
    {
      ...baseOption(),
      grid: { left: rem(0.4), right: rem(6.2), top: rem(0.4), bottom: rem(0.2), containLabel: true },
      xAxis: { type: "value", max: 100, show: false },
      yAxis: {
        type: "category",
        data: entries.map(([label, english]) => `${label}\n{en|${english}}`),
        axisLabel: {
          color: COLOURS.ink,
          fontSize: rem(0.95),
          lineHeight: rem(1.1),
          rich: { en: { color: COLOURS.muted, fontSize: rem(0.72) } },
        },
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: "bar",
          data: entries.map(([, , rate, colour]) => ({
            value: rate.rate === null ? 0 : Math.round(rate.rate * 1000) / 10,
            itemStyle: { color: colour, borderRadius: rem(0.3) },
            rate,
          })),
          barWidth: "42%",
          showBackground: true,
          backgroundStyle: { color: "rgba(63, 160, 255, 0.1)", borderRadius: rem(0.3) },
          label: {
            show: true,
            position: "right",
            distance: rem(0.5),
            formatter: (p) =>
              `{v|${percent(p.data.rate)}} {n|${p.data.rate.numerator}/${p.data.rate.denominator}}`,
            rich: {
              v: { color: "#fff", fontSize: rem(1.15), fontWeight: "bold" },
              n: { color: COLOURS.muted, fontSize: rem(0.8) },
            },
          },
        },
      ],
    },
    true,
  )
}

const drawResolve = () => {
  const rows = [...state.figures.resolveByCategory].sort((a, b) => (a.meanHours ?? 0) - (b.meanHours ?? 0))
  if (rows.length === 0) {
    chart("resolve").setOption(nothing("尚无结案 no case closed yet"), true)
    return
  }
  chart("resolve").setOption(
    {
      ...baseOption(),
      tooltip: {
        ...baseOption().tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (params) => {
          const row = rows[params[0].dataIndex]
          return `${esc(zh("categories", row.category))}<br>结案 ${row.closed} 件<br>平均 ${hoursText(row.meanHours)} · P90 ${hoursText(row.p90Hours)}`
        },
      },
      legend: legend(),
      grid: { left: rem(0.4), right: rem(1.6), top: rem(1.6), bottom: rem(0.2), containLabel: true },
      xAxis: {
        type: "value",
        axisLabel: axisText(),
        splitLine: { lineStyle: { color: COLOURS.line } },
      },
      yAxis: {
        type: "category",
        data: rows.map((row) => zh("categories", row.category)),
        axisLabel: { ...axisText(), color: COLOURS.ink },
      },
      series: [
        {
          name: "平均 mean",
          type: "bar",
          data: rows.map((row) => row.meanHours),
          itemStyle: { color: COLOURS.cyan },
          barGap: "10%",
        },
        {
          name: "P90",
          type: "bar",
          data: rows.map((row) => row.p90Hours),
          itemStyle: { color: COLOURS.blue },
        },
      ],
    },
    true,
  )
}

const drawEscalations = () => {
  const counts = state.figures.escalations
  if (counts.length === 0) {
    chart("escalations").setOption(nothing("暂无上报升级 no escalations"), true)
    return
  }
  const levels = ["community", "street", "district"].filter(
    (level) => counts.some((c) => c.level === level) || level !== "district",
  )
  const reasons = ["overdue", "requested", "manual"]
  chart("escalations").setOption(
    {
      ...baseOption(),
      tooltip: barTooltip(),
      legend: legend(),
      grid: { left: rem(0.4), right: rem(0.8), top: rem(1.8), bottom: rem(0.2), containLabel: true },
      xAxis: {
        type: "category",
        data: levels.map((level) => `到${zh("levels", level)}`),
        axisLabel: { ...axisText(), color: COLOURS.ink, fontSize: rem(0.95) },
        axisLine: { lineStyle: { color: COLOURS.line } },
      },
      yAxis: valueAxis(),
      series: reasons.map((reason) => ({
        name: zh("escalationReasons", reason),
        type: "bar",
        stack: "reasons",
        barMaxWidth: rem(2.4),
        itemStyle: { color: REASON_COLOURS[reason] },
        data: levels.map(
          (level) => counts.find((c) => c.level === level && c.reason === reason)?.escalations ?? 0,
        ),
        label: {
          show: true,
          color: "#fff",
          fontSize: rem(0.9),
          formatter: (p) => (p.value === 0 ? "" : p.value),
        },
      })),
    },
    true,
  )
}

const drawCare = () => {
  const care = state.figures.careVisits
  if (care.due === 0) {
    chart("care").setOption(nothing("上月无应走访 none due"), true)
    return
  }
  const value = Math.round(care.rate * 100)
  chart("care").setOption(
    {
      ...baseOption(),
      series: [
        {
          type: "gauge",
          startAngle: 210,
          endAngle: -30,
          radius: "92%",
          center: ["50%", "58%"],
          min: 0,
          max: 100,
          progress: {
            show: true,
            width: rem(0.7),
            itemStyle: { color: value >= 90 ? COLOURS.green : value >= 60 ? COLOURS.amber : COLOURS.red },
          },
          axisLine: { lineStyle: { width: rem(0.7), color: [[1, "rgba(63, 160, 255, 0.15)"]] } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          pointer: { show: false },
          title: { offsetCenter: [0, "52%"], color: COLOURS.muted, fontSize: rem(0.85) },
          detail: {
            offsetCenter: [0, "0%"],
            formatter: () => `{v|${value}%}\n{n|${care.met}/${care.due}}`,
            rich: {
              v: { fontSize: rem(1.7), fontWeight: "bold", color: "#fff" },
              n: { fontSize: rem(0.85), color: COLOURS.muted },
            },
          },
          data: [{ value, name: "达标 met on cadence" }],
        },
      ],
    },
    true,
  )
}

const drawLeaders = () => {
  const leaders = [...state.figures.pointsLeaders].reverse()
  if (leaders.length === 0) {
    chart("leaders").setOption(nothing("暂无积分 no points yet"), true)
    return
  }
  chart("leaders").setOption(
    {
      ...baseOption(),
      grid: { left: rem(6.8), right: rem(3.4), top: rem(0.2), bottom: rem(0.2) },
      xAxis: { type: "value", show: false },
      yAxis: {
        type: "category",
        data: leaders.map((entry) => entry.residentId),
        axisLabel: { ...axisText(), width: rem(6.3), overflow: "truncate" },
        axisLine: { show: false },
        axisTick: { show: false },
      },
      series: [
        {
          type: "bar",
          data: leaders.map((entry) => entry.balance),
          barWidth: "55%",
          itemStyle: {
            color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [
              { offset: 0, color: "#1565c0" },
              { offset: 1, color: COLOURS.amber },
            ]),
            borderRadius: rem(0.3),
          },
          label: { show: true, position: "right", color: "#fff", fontSize: rem(0.85), formatter: "{c} 分" },
        },
      ],
    },
    true,
  )
}

// ——— lists ———————————————————————————————————————————————————————————————————

const drawOverdue = () => {
  const cells = state.figures.overdue
  $("overdue").innerHTML =
    cells.length === 0
      ? `<p class="empty calm">无超期案件 nothing overdue</p>`
      : cells
          .map(
            (cell) =>
              `<h3><span>${esc(zh("levels", cell.level))}层级 · ${cell.departmentId === null ? "未派部门" : esc(nameOf(cell.departmentId))}</span><span>${cell.cases.length} 件</span></h3>${cell.cases
                .map(
                  (c) =>
                    `<div class="row" data-case="${esc(c.caseId)}"><span class="light" data-light="red"></span><span class="what">${esc(zh("categories", c.category))} · ${esc(nameOf(c.gridId))}</span><span class="where-is">${c.redSteps.map((step) => esc(zh("steps", step))).join("、")}超时</span><span class="hours">+${hoursText(c.overdueHours)}</span></div>`,
                )
                .join("")}`,
          )
          .join("")
}

const drawRecent = () => {
  const recent = state.figures.recent
  $("recent").innerHTML =
    recent.length === 0
      ? `<li class="empty">暂无受理 nothing reported</li>`
      : recent
          .map(
            (request) =>
              `<li data-case="${esc(request.caseId)}"><span class="status" data-status="${esc(request.status)}">${esc(zh("statuses", request.status))}</span><span class="what">${esc(zh("categories", request.category))} · ${esc(nameOf(request.gridId))} — ${esc(request.description.split(" — ")[0])}</span><span class="when">${esc(shortTime(request.requestedAt))}</span></li>`,
          )
          .join("")
}

const percentText = (rate) => (rate === null ? "–" : `${Math.round(rate * 100)}%`)

/** The assessment's columns (综合评价): returns, 推诿, rework, wrong dispatches, 督办, 催办, 通报批评, on-time steps. */
const assessedCells = (row) =>
  `<td class="n${row.returns > 0 ? " warn" : ""}">${row.returns}</td><td class="n${row.bounced > 0 ? " bad" : ""}">${row.bounced}</td><td class="n${row.reworks > 0 ? " warn" : ""}">${row.reworks}</td><td class="n">${row.misdispatches}</td><td class="n${row.supervisions > 0 ? " bad" : ""}">${row.supervisions}</td><td class="n${row.reminders > 0 ? " warn" : ""}">${row.reminders}</td><td class="n${row.criticisms > 0 ? " bad" : ""}">${row.criticisms}</td><td class="n${row.onTime !== null && row.onTime < 0.9 ? " bad" : ""}">${percentText(row.onTime)}</td>`

const ASSESSED_HEAD = `<th title="退回 returns">退回</th><th title="推诿 sent back and forth">推诿</th><th title="返工/重办 rework">返工</th><th title="误派 wrong dispatches">误派</th><th title="督办 supervision notices">督办</th><th title="催办 reminders">催办</th><th title="通报批评 written criticisms">通报批评</th><th title="按时率 steps on time">按时</th>`

const drawUnits = () => {
  const figures = state.figures
  const totals = figures.assessment.totals
  const sum = `<p class="totals" data-testid="assessment-totals">退回 ${totals.returns} · 推诿 ${totals.bounced} · 返工 ${totals.reworks} · 误派 ${totals.misdispatches} · 督办 ${totals.supervisions} · 催办 ${totals.reminders} · 通报批评 ${totals.criticisms} · 按时 ${percentText(totals.onTime)}</p>`
  if (state.assess === "units") {
    const units = figures.units
    $("units").innerHTML =
      units.length === 0
        ? `${sum}<p class="empty">无派往部门的案件 no case with a department</p>`
        : `${sum}<table class="units"><thead><tr><th>部门 unit</th><th title="在办 open">在办</th><th title="超期 overdue">超期</th>${ASSESSED_HEAD}</tr></thead><tbody>${units
            .map(
              (unit) =>
                `<tr><td>${esc(nameOf(unit.departmentId))}</td><td class="n">${unit.open}</td><td class="n${unit.overdue > 0 ? " bad" : ""}">${unit.overdue}</td>${assessedCells(unit)}</tr>`,
            )
            .join("")}</tbody></table>`
    return
  }
  const rows = figures.assessment[state.assess]
  const who = state.assess === "workers" ? "网格员 worker" : "网格 grid"
  $("units").innerHTML =
    rows.length === 0
      ? `${sum}<p class="empty">暂无 nothing yet</p>`
      : `${sum}<table class="units"><thead><tr><th>${who}</th>${ASSESSED_HEAD}</tr></thead><tbody>${rows
          .map((row) => `<tr><td>${esc(nameOf(row.id))}</td>${assessedCells(row)}</tr>`)
          .join("")}</tbody></table>`
}

// ——— a case's timeline ————————————————————————————————————————————————————————

const timelineView = (view) => {
  const c = view.case
  const lights = view.timers
    .map(
      (timer) =>
        `<span><i class="light" data-light="${esc(timer.light)}"></i>${esc(zh("steps", timer.step))} ${esc(zh("lights", timer.light))}</span>`,
    )
    .join("")
  const events = view.timeline
    .map(
      (entry) =>
        `<li><time>${esc(shortTime(entry.at))}</time><span class="event">${esc(zh("events", entry.type))}</span><span class="by">${esc(actorOf(entry.by))}</span></li>`,
    )
    .join("")
  return `<h3>${esc(zh("categories", c.category))} · ${esc(nameOf(c.location.gridId))}</h3>
    <p class="meta"><span class="status" data-status="${esc(c.status)}" data-testid="timeline-status" data-code="${esc(c.status)}">${esc(zh("statuses", c.status))}</span>
    ${esc(zh("levels", c.level))}层级 · ${esc(zh("sources", c.source))} · 编号 <small>${esc(c.caseId)}</small></p>
    <div class="lights">${lights}</div><ol>${events}</ol>`
}

const showCase = async (caseId) => {
  state.shownCase = caseId
  $("case").hidden = false
  try {
    $("timeline").innerHTML = timelineView(await staffJson(`/api/cases/${encodeURIComponent(caseId)}`))
  } catch (error) {
    $("timeline").innerHTML = `<p class="empty">${esc(error.message)}</p>`
  }
}

// ——— the whole screen ——————————————————————————————————————————————————————————

const drawTiles = () => {
  const f = state.figures
  $("clock").textContent = f.now.slice(0, 16).replace("T", " ")
  $("calendar-warning").hidden = f.calendarWarning === null
  $("calendar-warning").textContent = f.calendarWarning ?? ""
  $("open-total").textContent = f.open
  $("overdue-total").textContent = f.overdueTotal
  $("escalation-total").textContent = f.escalationTotal
  $("reported-today").textContent = f.trend.at(-1)?.reported ?? 0
  $("closed-total").textContent = f.timeToResolve.closed
  $("p90").textContent = f.timeToResolve.p90Hours === null ? "—" : f.timeToResolve.p90Hours.toFixed(1)
  $("focus").textContent =
    f.focus === null ? "全部网格 all grids" : `${f.focus.name} · ${zh("levels", f.focus.level)}`
  $("clear-focus").hidden = f.focus === null
}

const render = () => {
  drawTiles()
  drawMap()
  drawGridChart()
  drawTrend()
  drawRates()
  drawResolve()
  drawEscalations()
  drawCare()
  drawLeaders()
  drawOverdue()
  drawRecent()
  drawUnits()
  document.body.dataset.figures = "shown"
}

const figuresPath = () =>
  state.focus === undefined ? "/api/dashboard" : `/api/dashboard?area=${encodeURIComponent(state.focus)}`

const refresh = async () => {
  const figures = await staffJson(figuresPath())
  if (figures.territoryVersion !== state.territoryVersion) {
    state.geo = await staffJson("/api/dashboard/map")
    state.territoryVersion = figures.territoryVersion
    registerMaps(state.geo)
  }
  state.figures = figures
  render()
  if (state.shownCase !== undefined && !$("case").hidden) await showCase(state.shownCase)
}

// At most one refresh in flight, and one more queued behind it: bursts of events coalesce.
let running
let again = false
const scheduleRefresh = () => {
  if (running !== undefined) {
    again = true
    return
  }
  running = refresh()
    .catch((error) => console.error("refresh failed", error))
    .finally(() => {
      running = undefined
      if (again) {
        again = false
        scheduleRefresh()
      }
    })
}

/** Filters every panel to an area (a grid, a community, a street), or to none. */
const setFocus = (areaId) => {
  state.focus = areaId
  scheduleRefresh()
}

const wire = () => {
  chart("map").on("click", (params) => {
    if (params.data?.point !== undefined) {
      void showCase(params.data.point.caseId)
      return
    }
    // A click selects the region at the map's level; clicking it again shows everything.
    if (params.componentType === "geo" || params.seriesType === "map") {
      setFocus(state.focus === params.name ? undefined : params.name)
    }
  })
  for (const button of document.querySelectorAll("[data-fill]")) {
    button.addEventListener("click", () => {
      state.fill = button.dataset.fill
      for (const other of document.querySelectorAll("[data-fill]"))
        other.setAttribute("aria-pressed", String(other === button))
      drawMap()
    })
  }
  for (const button of document.querySelectorAll("[data-level]")) {
    button.addEventListener("click", () => {
      state.level = button.dataset.level
      for (const other of document.querySelectorAll("[data-level]"))
        other.setAttribute("aria-pressed", String(other === button))
      // A grid in focus widens to its community or street.
      if (state.focus !== undefined && regionOf(state.focus) !== state.focus) setFocus(regionOf(state.focus))
      else drawMap()
    })
  }
  for (const button of document.querySelectorAll("[data-assess]")) {
    button.addEventListener("click", () => {
      state.assess = button.dataset.assess
      for (const other of document.querySelectorAll("[data-assess]"))
        other.setAttribute("aria-pressed", String(other === button))
      drawUnits()
    })
  }
  $("clear-focus").addEventListener("click", () => setFocus(undefined))
  $("close-case").addEventListener("click", () => {
    $("case").hidden = true
    state.shownCase = undefined
  })
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-case]") : null
    if (target !== null) void showCase(target.getAttribute("data-case"))
  })
  window.addEventListener("resize", () => {
    for (const instance of Object.values(charts)) instance.resize()
    if (state.figures !== undefined) render()
  })
}

/** Live after the first figures are drawn: the stream only says when to fetch again. */
const goLive = () => {
  const live = $("live")
  live.textContent = "已加载 loaded"
  const stream = new EventSource("/api/events")
  stream.addEventListener("open", () => {
    live.dataset.state = "live"
    live.textContent = "实时 live"
    scheduleRefresh()
  })
  stream.addEventListener("change", scheduleRefresh)
  stream.addEventListener("error", () => {
    live.dataset.state = "reconnecting"
    live.textContent = "重连中 reconnecting…"
  })
}

const start = async () => {
  wire()
  try {
    const [figures, geo, words] = await window.firstLoad
    state.words = words
    state.geo = geo
    state.territoryVersion = figures.territoryVersion
    state.figures = figures
    registerMaps(geo)
    render()
  } catch (error) {
    document.body.dataset.figures = "failed"
    $("live").textContent = `无法加载 ${error.message}`
  }
  goLive()
}

void start()
