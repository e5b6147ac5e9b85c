/**
 * Input keys that would name a file or folder. No operation the admin page can call takes
 * one: the desktop app gets paths from the main process's save dialog, a browser downloads.
 * The transports refuse any input carrying such a key, whatever the contract says.
 */
const FILE_KEY = /^(file|filename|folder|directory|dest|destination)$|path$|dir$/i

export const isFilePathKey = (key: string): boolean => FILE_KEY.test(key)

export const FILE_PATH_REFUSAL =
  'Tessera never takes a file path from the page: the desktop app asks where to save with its ' +
  'save dialog, and a browser downloads the file.'

/**
 * The first file-path key anywhere in `input` (objects and arrays, a few levels deep: admin
 * inputs are shallow), or null. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function filePathKeyIn(input: unknown, maxDepth = 8): string | null {
  const stack: [unknown, number][] = [[input, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object' || depth > maxDepth) continue
    if (Array.isArray(v)) {
      for (const child of v) stack.push([child, depth + 1])
      continue
    }
    for (const key of Object.keys(v)) {
      if (isFilePathKey(key)) return key
      stack.push([(v as Record<string, unknown>)[key], depth + 1])
    }
  }
  return null
}
