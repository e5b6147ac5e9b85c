import type { Migration } from '../migrate'
import { migration0001 } from './0001-core'

/** Every migration, in order. Add new ones at the end; never edit a landed one. */
export const migrations: readonly Migration[] = [migration0001]
