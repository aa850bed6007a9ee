export { CONTENT_SECURITY_POLICY, createDashboardApp } from './create-dashboard-app.ts'
export { DASHBOARD_ASSETS, loadDashboardAssets } from './dashboard-assets.ts'
export type { DashboardAssetPath, DashboardAssets } from './dashboard-assets.ts'
