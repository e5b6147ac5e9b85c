import { Button } from '@mantine/core'
import { useEffect, useState } from 'react'

/** Copies `value` to the clipboard and says so for a moment. */
export function CopyValueButton(props: { value: string; label: string; onCopied?: () => void }) {
  const [copied, setCopied] = useState(false)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    if (!copied) return
    const t = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(t)
  }, [copied])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value)
      setFailed(false)
      setCopied(true)
      props.onCopied?.()
    } catch {
      setFailed(true)
    }
  }
  return (
    <Button variant="light" color={failed ? 'red' : copied ? 'teal' : undefined} onClick={copy}>
      {failed ? 'Copy failed — select and copy by hand' : copied ? 'Copied' : props.label}
    </Button>
  )
}
