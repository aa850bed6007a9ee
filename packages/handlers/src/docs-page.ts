import type { DocsAssetPath } from './docs-assets.ts'

const CSS: DocsAssetPath = '/docs/swagger-ui.css'
const BUNDLE: DocsAssetPath = '/docs/swagger-ui-bundle.js'

// Swagger UI's own `persistAuthorization` writes the token to localStorage, where it outlives
// the tab and the browser session. This plugin keeps it in sessionStorage: a reload of the tab
// keeps it, closing the tab forgets it. Swagger UI calls `persistAuthorizationIfNeeded` after
// each authorize and logout, and `loaded` once at start.
const PERSIST_IN_TAB = `
      const KEY = 'mcp-lifecycle:authorized'
      const persistInTab = () => ({
        statePlugins: {
          auth: {
            wrapActions: {
              persistAuthorizationIfNeeded: (_action, system) => () =>
                sessionStorage.setItem(KEY, JSON.stringify(system.authSelectors.authorized().toJS())),
            },
          },
          configs: {
            wrapActions: {
              loaded: (action, system) => (...args) => {
                action(...args)
                const saved = sessionStorage.getItem(KEY)
                if (saved) system.authActions.restoreAuthorization({ authorized: JSON.parse(saved) })
              },
            },
          },
        },
      })`

/**
 * The /docs page: Swagger UI rendering `documentUrl`, its files served by this app (pages' URLs
 * carry the Swagger UI version, so a browser that cached an older one fetches the new one).
 */
export function renderDocsPage(documentUrl: string, swaggerUiVersion: string): string {
  const v = `?v=${encodeURIComponent(swaggerUiVersion)}`
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>mcp-lifecycle API</title>
    <link rel="stylesheet" href="${CSS}${v}" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${BUNDLE}${v}"></script>
    <script>${PERSIST_IN_TAB}
      window.ui = SwaggerUIBundle({
        url: ${JSON.stringify(documentUrl)},
        dom_id: '#swagger-ui',
        plugins: [persistInTab],
      })
    </script>
  </body>
</html>
`
}
