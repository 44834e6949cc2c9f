import type { Points } from "@gridcase/core"

/**
 * The moral bank's counter (道德银行, Baotou's Minxin Road street): what points buy, and that an
 * award stays spendable for a year. Demo prices; a street sets its own.
 */
export const MORAL_BANK: Points.Policy = {
  catalogue: {
    "rice-5kg": { name: "大米 5 公斤 — 5 kg of rice", cost: 100 },
    "cooking-oil": { name: "食用油一桶 — a bottle of cooking oil", cost: 80 },
    "laundry-soap": { name: "洗衣皂四块 — four bars of laundry soap", cost: 20 },
    haircut: { name: "义剪一次 — a volunteer haircut", cost: 10 },
  },
  validForDays: 365,
}
