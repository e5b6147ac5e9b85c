import { STREAM_RETENTION_CEILING_DAYS } from '../../../shared/contracts/streams.contract'
import type { Repos } from '../../db/repos'
import type { ActivityRecorder } from '../activity/recorder'
import type { RetentionHold } from '../activity/retention'
import { DAY_MS } from '../deps'

/**
 * Retention keeps the entries a stream has not delivered yet, up to a ceiling: an entry older
 * than the ceiling goes when its retention says so, delivered or not, and the stream records
 * the gap (its id range) and moves its cursor past it. Paused streams are held for too: a
 * pause is a decision to deliver later, not to lose entries.
 */
export function streamsRetentionHold(repos: Repos, activity: ActivityRecorder): RetentionHold {
  return {
    held(now) {
      const streams = repos.logStreams.all()
      if (streams.length === 0) return null
      return {
        afterId: Math.min(...streams.map((s) => s.cursor_id)),
        since: now - STREAM_RETENTION_CEILING_DAYS * DAY_MS,
      }
    },
    purged(lastId) {
      for (const s of repos.logStreams.all()) {
        if (s.cursor_id >= lastId) continue
        const from = s.cursor_id + 1
        repos.logStreams.gap(s.id, from, lastId)
        activity.system(s.organization_id, {
          action: 'stream.gap',
          details: {
            stream: s.name,
            id: s.id,
            fromId: from,
            toId: lastId,
            reason: `retention deleted entries more than ${STREAM_RETENTION_CEILING_DAYS} days behind before the stream delivered them`,
          },
        })
      }
    },
  }
}
