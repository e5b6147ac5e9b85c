/** Saves text as a file: a download in a browser, the save prompt in the desktop app. */
export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** The URL of the serve-mode backup download (the server makes the file and names it). */
export const BACKUP_DOWNLOAD_URL = '/rpc/backup/download'
