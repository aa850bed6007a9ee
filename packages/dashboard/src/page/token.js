// The API token lives in this tab's sessionStorage only: a reload keeps it, closing the tab
// forgets it, and it never goes to localStorage, a cookie or the URL.
const KEY = 'mcp-lifecycle:token'

export function savedToken() {
  return sessionStorage.getItem(KEY)
}

export function saveToken(token) {
  sessionStorage.setItem(KEY, token)
}

export function forgetToken() {
  sessionStorage.removeItem(KEY)
}

/** Shows the token form and resolves with what the user enters, saved for the tab. */
export function askForToken(form) {
  form.hidden = false
  const input = form.elements.namedItem('token')
  input.value = ''
  input.focus()
  return new Promise((resolve) => {
    form.addEventListener(
      'submit',
      (event) => {
        event.preventDefault()
        const token = input.value.trim()
        input.value = ''
        form.hidden = true
        saveToken(token)
        resolve(token)
      },
      { once: true }
    )
  })
}
