// Loaded as <script type="module"> at the end of every page (templates/base.html), after htmx.
// Pages work without it: it only enhances GOV.UK components and adds the CSRF header to htmx requests.
//
// Imported relative to this file so that it follows STATIC_URL; it resolves to
// /static/vendor/govuk/govuk-frontend.min.js.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

// Django checks the X-CSRFToken header on htmx's POSTs; the token is in the page's
// <meta name="csrf-token">, so this works with CSRF_COOKIE_HTTPONLY too.
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')

if (csrfToken) {
  document.addEventListener('htmx:configRequest', (event) => {
    event.detail.headers['X-CSRFToken'] = csrfToken
  })
}

// Content that htmx swaps in may hold GOV.UK components (an error summary, radios with a
// conditional reveal): initialise those too. The scope is the new element's parent so that the
// element itself is found; neighbours initialised earlier refuse a second init, which is expected.
function initWithin (scope) {
  initAll({
    scope,
    onError (error, context) {
      const name = context?.component?.moduleName
      if (name && context.element?.hasAttribute(`data-${name}-init`)) {
        return
      }
      console.error(error)
    }
  })
}

document.addEventListener('htmx:load', (event) => {
  const element = event.detail?.elt
  if (element instanceof HTMLElement && element !== document.body) {
    initWithin(element.parentElement ?? element)
  }
})
