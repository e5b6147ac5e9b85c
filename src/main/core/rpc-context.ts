import type { Dispatch } from '../rpc/dispatcher'
import type { ApiController } from './api-controller'

/**
 * A dispatcher whose calls also see the local API's status, so the desktop Settings screen can
 * say why the API is not on its saved port. The transport builds the rest of the context.
 */
export function withApiStatus(dispatch: Dispatch, api: Pick<ApiController, 'status'>): Dispatch {
  return (channel, input, ctx) => dispatch(channel, input, { ...ctx, apiStatus: api.status })
}
