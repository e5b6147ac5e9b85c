import { Button } from '@mantine/core'
import { useState } from 'react'
import { notifyError, notifySuccess } from '../../lib/errors'
import { call } from '../../lib/ipc'
import { downloadText } from '../security/download'

/**
 * Saves an inclusion proof of the entry: the entry, its place in the log's Merkle tree and the
 * signed checkpoint, which anyone can check with the public key alone (see the README).
 */
export function DownloadProofButton(props: { id: number }) {
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    try {
      const proof = await call('activity:prove', { id: props.id })
      const name = `activity-entry-${props.id}-proof.json`
      downloadText(name, JSON.stringify(proof, null, 2) + '\n', 'application/json')
      notifySuccess(`Saved ${name}`)
    } catch (err) {
      notifyError(err, 'The proof was not created')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button variant="light" loading={busy} onClick={() => void download()}>
      Download proof
    </Button>
  )
}
