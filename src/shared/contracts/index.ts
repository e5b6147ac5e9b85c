import type { z } from 'zod'
import { activityContracts } from './activity.contract'
import type { Contract } from './contract'
import { membersContracts } from './members.contract'
import { organizationContracts } from './organization.contract'
import { performanceContracts } from './performance.contract'
import { quotaContracts } from './quota.contract'
import { securityContracts } from './security.contract'
import { serviceAccountsContracts } from './service-accounts.contract'
import { teamContracts } from './team.contract'
import { streamsContracts } from './streams.contract'
import { projectsContracts, workspacesContracts } from './workspaces.contract'

/** Every admin operation the renderer may call, by channel. The one registry of the bridge. */
export const contracts = {
  ...organizationContracts,
  ...membersContracts,
  ...workspacesContracts,
  ...projectsContracts,
  ...serviceAccountsContracts,
  ...quotaContracts,
  ...activityContracts,
  ...performanceContracts,
  ...securityContracts,
  ...teamContracts,
  ...streamsContracts,
} as const satisfies Record<string, Contract>

export type Contracts = typeof contracts
export type Channel = keyof Contracts
export type Input<C extends Channel> = z.input<Contracts[C]['input']>
export type ParsedInput<C extends Channel> = z.output<Contracts[C]['input']>
export type Output<C extends Channel> = z.output<Contracts[C]['output']>

export const channels = Object.keys(contracts) as Channel[]

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contracts, value)
}
