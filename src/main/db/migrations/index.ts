import type { Migration } from '../migrate'
import { migration0001 } from './0001-core'
import { migration0002 } from './0002-admin-sessions'
import { migration0003 } from './0003-performance'
import { migration0004 } from './0004-activity-indexes'
import { migration0005 } from './0005-performance-catchup'
import { migration0006 } from './0006-activity-search'
import { migration0007 } from './0007-autoincrement-ids'
import { migration0008 } from './0008-activity-budget'
import { migration0009 } from './0009-team-mode'
import { migration0010 } from './0010-token-hygiene'
import { migration0011 } from './0011-log-proofs'
import { migration0012 } from './0012-log-streams'

/** Every migration, in order. Add new ones at the end; never edit a landed one. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
]
