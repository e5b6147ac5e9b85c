import {
  TOKEN_CHECKSUM_LENGTH,
  TOKEN_RANDOM_LENGTH,
  crc32,
  toBase62,
} from '../../shared/token-format'

export const URL_MAX = 256
export const REDACTED = '[REDACTED]'

/**
 * Query parameters whose values are credentials, matched case-insensitively on the decoded
 * name: exact names for short, generic words (`key`, `access`), anywhere in the name for words
 * that only ever name a credential (`private_token`, `x-api-key`, `jwt_access`).
 */
const SECRET_NAME =
  /^(key|auth|authorization|access|refresh|pwd|pass|sig|bearer|otp)$|token|secret|passw|jwt|api[_-]?key|credential|session|csrf|xsrf|signature|private[_-]?key/i

/**
 * Credentials recognised by their shape wherever they appear:
 * - Tessera API keys and personal access tokens: `tsa_` + base62 (also a cut or mistyped one,
 *   and whatever the case of the prefix);
 * - JWTs (the access tokens of the PAT flow, or anyone else's): a base64url JSON header always
 *   starts `eyJ` (`{"`), followed by its dot-separated payload and signature.
 */
const API_TOKEN = /tsa_[0-9A-Za-z]{8,}/gi
const JWT = /(?<![0-9A-Za-z])eyJ[0-9A-Za-z_-]{8,}(?:\.[0-9A-Za-z_-]*)*/g
/** A run that could be a token body without its prefix; kept only if its checksum holds. */
const BARE_BODY = new RegExp(
  `(?<![0-9A-Za-z])[0-9A-Za-z]{${TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH}}(?![0-9A-Za-z])`,
  'g',
)

function isTokenBody(run: string): boolean {
  const random = run.slice(0, TOKEN_RANDOM_LENGTH)
  return toBase62(crc32(random), TOKEN_CHECKSUM_LENGTH) === run.slice(TOKEN_RANDOM_LENGTH)
}

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i

const utf8 = new TextDecoder('utf-8')

/**
 * Percent-decodes like a server would, but never throws: a malformed escape stays as typed and
 * the well-formed ones around it are still decoded. Repeated (up to four times) so a
 * double-encoded secret (`%255F` → `%5F` → `_`) is found as well.
 */
export function lenientDecode(text: string): string {
  let out = text
  for (let i = 0; i < 4; i++) {
    const next = out.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
      utf8.decode(Uint8Array.from(run.slice(1).split('%'), (h) => parseInt(h, 16))),
    )
    if (next === out) break
    out = next
  }
  return out
}

/** The decoded text with every secret-shaped run replaced, or null when there is none. */
function withoutSecrets(decoded: string): string | null {
  let found = false
  const out = decoded
    .replace(API_TOKEN, () => ((found = true), `tsa_${REDACTED}`))
    .replace(JWT, () => ((found = true), REDACTED))
    .replace(BARE_BODY, (run) => (isTokenBody(run) ? ((found = true), REDACTED) : run))
  return found ? out : null
}

/**
 * One path segment, query name or query value: kept exactly as typed unless it holds a secret;
 * then written decoded with the secret replaced and the rest escaped again, so the URL keeps
 * its structure and what is not secret stays readable.
 */
function redactPart(raw: string, force = false): string {
  if (force) return REDACTED
  const clean = withoutSecrets(lenientDecode(raw))
  if (clean === null) return raw
  return clean
    .split(REDACTED)
    .map((s) => encodeURIComponent(s))
    .join(REDACTED)
}

/**
 * Path + query as the activity log stores it: credentials replaced by `[REDACTED]`, found
 * after percent-decoding, by parameter name (`?access_token=…`, `?jwt=…`) and by shape anywhere
 * (API tokens, JWTs, a token body without its prefix). Redacted before the cut to 256
 * characters, so a cut can never leave part of a secret behind.
 */
export function redactUrl(target: string): string {
  // An absolute-form request line may carry `user:password@` before the host.
  const raw = target.replace(USERINFO, `$1${REDACTED}@`)
  const q = raw.indexOf('?')
  const path = q >= 0 ? raw.slice(0, q) : raw
  let out = path
    .split('/')
    .map((segment) => redactPart(segment))
    .join('/')
  if (q >= 0) {
    const query = raw
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=')
        if (eq < 0) return redactPart(pair)
        const name = pair.slice(0, eq)
        const secretName = SECRET_NAME.test(lenientDecode(name).replace(/\+/g, ' '))
        return `${redactPart(name)}=${redactPart(pair.slice(eq + 1), secretName)}`
      })
    out = `${out}?${query.join('&')}`
  }
  return out.length > URL_MAX ? out.slice(0, URL_MAX) : out
}
