/**
 * The Content-Security-Policy of the renderer, the one definition for both ways it is loaded:
 * the desktop window (installed on its session) and serve mode's admin UI (a response header). Styles allow 'unsafe-inline' because Mantine
 * injects style tags at runtime. With a dev server (`devOrigin`) the policy also admits that
 * origin, its HMR websocket and the inline React-refresh preamble — never in a built app.
 */
export function buildCsp(devOrigin?: string): string {
  const dev = devOrigin ? new URL(devOrigin) : null
  const ws = dev ? `ws://${dev.host}` : ''
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'", dev.origin] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', dev ? ["'self'", dev.origin, ws] : ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ]
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ')
}
