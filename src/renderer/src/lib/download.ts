/**
 * Starts a download the server streams, like a click on a link with `download`: the page stays
 * where it is, and a large file goes straight to disk instead of through memory.
 */
export function downloadFrom(url: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = ''
  document.body.append(a)
  a.click()
  a.remove()
}
