/**
 * Offers `text` as a file download. A Blob link works in a browser and in the desktop app's
 * renderer alike (Electron shows its save dialog for it), so no extra bridge is needed.
 */
export function downloadText(text: string, filename: string, type: string): void {
  if (typeof URL.createObjectURL !== 'function') return // jsdom: nothing to save to
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
