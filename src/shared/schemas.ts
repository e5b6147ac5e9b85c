import { z } from 'zod'
import { INVISIBLE } from './confusables'
import { ROLES, SERVICE_ACCOUNT_ROLES } from './roles'

/** Shared building blocks of the contracts. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
export const Timestamp = z.number().int().nonnegative()
export const RoleSchema = z.enum(ROLES)
export const ServiceAccountRoleSchema = z.enum(SERVICE_ACCOUNT_ROLES)
export const Void = z.object({}).strict().optional()

export const NAME_MAX = 64
/**
 * Letters (any script, with their combining marks, which scripts such as Devanagari need),
 * digits, space, '-', '_', '.'; 1–64 characters; at least one letter or digit; no character that shows nothing
 * (U+034F, variation selectors, Hangul fillers, bidi controls), which would let two names that
 * look the same differ. Names that merely look alike are refused by the engine, which knows the
 * other names of the organization.
 */
export const SERVICE_ACCOUNT_NAME_PATTERN = /^[\p{L}\p{M}\p{N} ._-]+$/u
export const ServiceAccountName = z
  .string()
  .min(1, 'Name is required')
  // Counted in characters (code points) as people count them: '𝐀' is one, not two UTF-16 units.
  .refine((s) => [...s].length <= NAME_MAX, `Name must be at most ${NAME_MAX} characters`)
  .refine((s) => !INVISIBLE.test(s), 'Name cannot contain invisible characters')
  .regex(
    SERVICE_ACCOUNT_NAME_PATTERN,
    'Name may contain only letters, digits, spaces, hyphens, underscores and dots',
  )
  .refine((s) => s.trim().length > 0, 'Name cannot be only spaces')
  // "...", "-_-" or "_" name nothing a reader could tell apart or say aloud.
  .refine(
    (s) => s.trim().length === 0 || /[\p{L}\p{N}]/u.test(s),
    'Name must contain at least one letter or digit',
  )

/**
 * The form two names are compared in: "Zoë-Bot", "ZOË-BOT" and a decomposed "Zoë-bot" are the
 * same name. Upper-then-lower folds the cases a plain lower-casing misses (ß/SS).
 */
export function serviceAccountNameKey(name: string): string {
  return name.trim().normalize('NFKC').toUpperCase().toLowerCase()
}

export const Title = z.string().trim().min(1, 'Title is required').max(200)
export const Description = z.string().max(2000)
export const Email = z.string().trim().max(254).email('Enter a valid email address')

export const Ref = z.object({ id: Id, title: z.string() })
export type Ref = z.infer<typeof Ref>
export const UserRef = z.object({ id: Id, name: z.string(), email: z.string() })
export type UserRef = z.infer<typeof UserRef>
