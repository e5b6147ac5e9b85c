import type { teamContracts } from '../../../shared/contracts/team.contract'
import type { DomainHandlers } from '../handler-types'

export const teamHandlers: DomainHandlers<typeof teamContracts> = {
  'team:list': (_input, { engine, actor }) => engine.team.list(actor),
  'team:invite': (input, { engine, actor }) => engine.team.invite(actor, input),
  'team:issueInvitation': ({ userId }, { engine, actor }) =>
    engine.team.issueInvitation(actor, userId),
  'team:revokeInvitation': ({ userId }, { engine, actor }) =>
    engine.team.revokeInvitation(actor, userId),
  'team:endSessions': ({ userId }, { engine, actor }) => engine.team.endSessions(actor, userId),
  'sessions:list': (_input, { engine, actor, sessionId }) => engine.sessions.list(actor, sessionId),
  'sessions:end': ({ sessionId }, { engine, actor }) => engine.sessions.end(actor, sessionId),
  'sessions:endOthers': (_input, { engine, actor, sessionId }) =>
    engine.sessions.endOthers(actor, sessionId),
  'totp:status': (_input, { engine, actor }) => engine.totp.status(actor),
  'totp:begin': (_input, { engine, actor }) => engine.totp.begin(actor),
  'totp:confirm': ({ code }, { engine, actor }) => engine.totp.confirm(actor, code),
  'totp:disable': ({ code }, { engine, actor }) => engine.totp.disable(actor, code),
  'team:setTotpRequired': ({ required }, { engine, actor }) =>
    engine.team.setTotpRequired(actor, required),
}
