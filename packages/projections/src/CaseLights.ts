/**
 * The traffic lights (红黄绿灯) of open cases and overdue as they show it (超期): a case still
 * open with any step red. One definition for every reader — the office's case search, its
 * dashboard, the simulation's summary — read from the open-cases read model.
 *
 * @module
 */
export {
  isOverdue,
  type LitCase,
  lit,
  type OverdueByLights as OverdueCase,
  type OverdueCell,
  openCasesLit as openCases,
  overdueBoard,
  overdueByLevelAndDepartment,
  stepLights,
  worstLight,
} from "./read-models/case-lights.ts"
