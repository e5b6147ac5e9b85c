import { Text, Tooltip, type TextProps } from '@mantine/core'
import { useEffect, useState } from 'react'

/**
 * One line of text cut with an ellipsis at `maw`; the whole text shows in a tooltip, but only
 * when it was actually cut. Screen readers always get the whole text (the cut is CSS only).
 */
export function TruncatedText(props: TextProps & { children: string; maw: number | string }) {
  const { children, ...rest } = props
  const [el, setEl] = useState<HTMLParagraphElement | null>(null)
  const [cut, setCut] = useState(false)
  useEffect(() => {
    if (!el) return
    const measure = () => setCut(el.scrollWidth > el.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [el, children])
  return (
    <Tooltip label={children} disabled={!cut} openDelay={300} multiline maw={420}>
      <Text ref={setEl} truncate="end" {...rest}>
        {children}
      </Text>
    </Tooltip>
  )
}
