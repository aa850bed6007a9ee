import { readFile } from 'node:fs/promises'

const HTML = 'text/html; charset=utf-8'
const JS = 'text/javascript; charset=utf-8'
const CSS = 'text/css; charset=utf-8'

/**
 * The page and its files, by the path the app serves them under, and their file in `page/`:
 * all served by the app itself, no CDN, so the dashboard works in a cluster without internet.
 */
export const DASHBOARD_ASSETS = {
  '/': { file: 'index.html', type: HTML },
  '/dashboard/dashboard.css': { file: 'dashboard.css', type: CSS },
  '/dashboard/icon.svg': { file: 'icon.svg', type: 'image/svg+xml' },
  '/dashboard/dashboard.js': { file: 'dashboard.js', type: JS },
  '/dashboard/api.js': { file: 'api.js', type: JS },
  '/dashboard/read-events.js': { file: 'read-events.js', type: JS },
  '/dashboard/server-table.js': { file: 'server-table.js', type: JS },
  '/dashboard/token.js': { file: 'token.js', type: JS },
} as const

export type DashboardAssetPath = keyof typeof DASHBOARD_ASSETS
export type DashboardAssets = Record<DashboardAssetPath, string>

/** Reads the page's files (about 20 kB) from `page/` beside this module. */
export async function loadDashboardAssets(): Promise<DashboardAssets> {
  const paths = Object.keys(DASHBOARD_ASSETS) as DashboardAssetPath[]
  const files = await Promise.all(
    paths.map((path) =>
      readFile(new URL(`page/${DASHBOARD_ASSETS[path].file}`, import.meta.url), 'utf8')
    )
  )
  return Object.fromEntries(paths.map((path, i) => [path, files[i]!])) as DashboardAssets
}
