import type { Db } from '../open'

export interface TotpRow {
  user_id: number
  secret: string
  created_at: number
  enabled_at: number | null
  last_time_step: number | null
}

/** Second factors (TOTP secrets) and recovery codes, and the Owner's "required" setting. */
export function totpRepo(db: Db) {
  const get = db.prepare<[number], TotpRow>('SELECT * FROM user_totp WHERE user_id = ?')
  const begin = db.prepare<[number, string, number]>(
    `INSERT INTO user_totp (user_id, secret, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret,
       created_at = excluded.created_at, enabled_at = NULL, last_time_step = NULL`,
  )
  const enable = db.prepare<[number, number, number]>(
    'UPDATE user_totp SET enabled_at = ?, last_time_step = ? WHERE user_id = ?',
  )
  const used = db.prepare<[number, number]>(
    'UPDATE user_totp SET last_time_step = ? WHERE user_id = ?',
  )
  const remove = db.prepare<[number]>('DELETE FROM user_totp WHERE user_id = ?')
  const addCode = db.prepare<[number, Buffer]>(
    'INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES (?, ?)',
  )
  const removeCodes = db.prepare<[number]>('DELETE FROM totp_recovery_codes WHERE user_id = ?')
  const useCode = db.prepare<[number, number, Buffer]>(
    `UPDATE totp_recovery_codes SET used_at = ?
      WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
  )
  const codesLeft = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM totp_recovery_codes WHERE user_id = ? AND used_at IS NULL',
  )
  const required = db.prepare<[number], { require_totp: number }>(
    'SELECT require_totp FROM organizations WHERE id = ?',
  )
  const setRequired = db.prepare<[number, number]>(
    'UPDATE organizations SET require_totp = ? WHERE id = ?',
  )
  return {
    get: (userId: number) => get.get(userId),
    begin: (userId: number, secret: string, now: number) => void begin.run(userId, secret, now),
    enable: (userId: number, now: number, step: number) => void enable.run(now, step, userId),
    used: (userId: number, step: number) => void used.run(step, userId),
    /** Forgets the second factor and its recovery codes. */
    remove: (userId: number) => {
      remove.run(userId)
      removeCodes.run(userId)
    },
    replaceCodes: (userId: number, hashes: Buffer[]) => {
      removeCodes.run(userId)
      for (const h of hashes) addCode.run(userId, h)
    },
    /** Marks an unused recovery code used; false when there is none with this hash. */
    useCode: (userId: number, hash: Buffer, now: number) =>
      useCode.run(now, userId, hash).changes === 1,
    codesLeft: (userId: number) => codesLeft.get(userId)!.n,
    required: (orgId: number) => required.get(orgId)?.require_totp === 1,
    setRequired: (orgId: number, on: boolean) => void setRequired.run(on ? 1 : 0, orgId),
  }
}
export type TotpRepo = ReturnType<typeof totpRepo>
