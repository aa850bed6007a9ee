import { existsSync } from 'node:fs'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

// What the dashboard's browser tests share: Debian's chromium (never a downloaded browser),
// driven headless by playwright-core, and how they read the page.

/** The Chromium binary: Debian's package, or MCPL_CHROMIUM. */
export const CHROMIUM = process.env.MCPL_CHROMIUM ?? '/usr/bin/chromium'

/** Whether the browser tests can run; when not, says so once and they are skipped. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true
  console.warn(
    `dashboard browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set MCPL_CHROMIUM)`
  )
  return false
}

export function launchChromium(): Promise<Browser> {
  // Tests run as root on CI machines, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
}

/** Opens `url` in a fresh context (its own storage); CSP violations are pushed to `violations`. */
export async function openPage(browser: Browser, url: string, violations: string[]) {
  const page = await (await browser.newContext()).newPage()
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text()))
      violations.push(msg.text())
  })
  await page.goto(url)
  return page
}

export async function signIn(page: Page, token: string) {
  await page.getByLabel('API token').fill(token)
  await page.getByLabel('API token').press('Enter')
}

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })
/** A server's row; `namespace` tells apart servers of one name in several namespaces. */
export const row = (page: Page, name: string, namespace?: string) =>
  page.locator(
    `tr[data-server="${name}"]${namespace === undefined ? '' : `[data-namespace="${namespace}"]`}`
  )

/**
 * The text of one column of a server's row (the name is the row's header, not a column; the
 * namespace column is there, hidden, when a single namespace is shown).
 */
export const COLUMNS = {
  namespace: 0,
  status: 1,
  ready: 2,
  endpoints: 3,
  activity: 4,
  timeout: 5,
  discovery: 6,
} as const
export const cell = (r: Locator, column: keyof typeof COLUMNS) =>
  r.locator('td').nth(COLUMNS[column]).textContent()
