import type { TotpEnrolment, TotpStatus } from '../../../shared/contracts/team.contract'
import type { Repos } from '../../db/repos'
import { totpRepo } from '../../db/repos/totp.repo'
import type { ActivityRecorder } from '../activity/recorder'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'
import { conflict, forbidden, invalid } from '../errors'
import {
  acceptedStep,
  groupedSecret,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  totpUri,
} from './totp'

/**
 * A person's second factor: enrolment (a QR code and the key to type in), the first code that
 * turns it on and the recovery codes shown once, turning it off, and the Owner's setting that
 * requires it of everyone who signs in.
 */
export function totpService(deps: EngineDeps, repos: Repos, activity: ActivityRecorder) {
  // Prepared on first use: an engine may be built over an older file before it is migrated.
  let repoOnce: ReturnType<typeof totpRepo> | undefined
  const totp = () => (repoOnce ??= totpRepo(deps.db))

  function status(actor: Actor): TotpStatus {
    const row = totp().get(actor.userId)
    return {
      enabled: row?.enabled_at != null,
      pending: row !== undefined && row.enabled_at === null,
      recoveryCodesLeft: row?.enabled_at != null ? totp().codesLeft(actor.userId) : 0,
      required: totp().required(actor.organizationId),
    }
  }

  /** A fresh secret waiting for its first code; replaces an unfinished enrolment. */
  async function begin(actor: Actor): Promise<TotpEnrolment> {
    const user = repos.users.get(actor.userId)
    if (!user || user.kind !== 'human') throw forbidden('Service accounts cannot sign in')
    if (totp().get(actor.userId)?.enabled_at != null) {
      throw conflict('Two-step sign-in is already on; turn it off first to use another app')
    }
    const secret = newTotpSecret(deps.randomBytes)
    const uri = totpUri(secret, user.email)
    // The QR code is drawn before anything is stored, so a failure leaves nothing half-done.
    // Loaded on first enrolment only: no other path draws a QR code.
    const { default: QRCode } = await import('qrcode')
    const qrCode = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 })
    totp().begin(actor.userId, secret, deps.now())
    return { secret: groupedSecret(secret), uri, qrCode }
  }

  const confirm = writeTransaction(deps.db, (actor: Actor, code: string) => {
    const row = totp().get(actor.userId)
    if (!row || row.enabled_at !== null) throw conflict('Start the set-up again: no app is waiting')
    const step = acceptedStep(row.secret, code, deps.now(), null)
    if (step === null) {
      throw invalid('That code is not right; check the clock of your device and try again', 'code')
    }
    totp().enable(actor.userId, deps.now(), step)
    const codes = newRecoveryCodes(deps.randomBytes)
    totp().replaceCodes(actor.userId, codes.map(recoveryCodeHash))
    activity.admin(actor, { action: 'auth.totp_enable', targetUserId: actor.userId })
    return { recoveryCodes: codes }
  })

  /** Checks a current code (or an unused recovery code, which is then spent); the result. */
  function check(userId: number, code: string): boolean {
    const row = totp().get(userId)
    if (!row || row.enabled_at === null) return false
    if (looksLikeRecoveryCode(code))
      return totp().useCode(userId, recoveryCodeHash(code), deps.now())
    const step = acceptedStep(row.secret, code, deps.now(), row.last_time_step)
    if (step === null) return false
    totp().used(userId, step)
    return true
  }

  const disable = writeTransaction(deps.db, (actor: Actor, code: string): TotpStatus => {
    if (totp().required(actor.organizationId)) {
      throw forbidden('The Owner requires two-step sign-in for everyone; it cannot be turned off')
    }
    if (totp().get(actor.userId)?.enabled_at == null) throw conflict('Two-step sign-in is off')
    if (!check(actor.userId, code)) throw invalid('That code is not right', 'code')
    totp().remove(actor.userId)
    activity.admin(actor, { action: 'auth.totp_disable', targetUserId: actor.userId })
    return status(actor)
  })

  const setRequired = writeTransaction(deps.db, (actor: Actor, required: boolean) => {
    totp().setRequired(actor.organizationId, required)
    activity.admin(actor, { action: 'auth.totp_required', details: { required } })
    return { required }
  })

  return {
    status,
    begin,
    confirm,
    disable,
    setRequired,
    /** Sign-in's side: whether the person has a second factor, and checking a code. */
    enabledFor: (userId: number) => totp().get(userId)?.enabled_at != null,
    requiredIn: (orgId: number) => totp().required(orgId),
    check,
    /** A reset of someone's sign-in forgets their second factor too. */
    forget: (userId: number) => totp().remove(userId),
  }
}
export type TotpService = ReturnType<typeof totpService>
