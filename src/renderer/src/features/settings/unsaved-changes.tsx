import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { useBlocker } from 'react-router'

const ReportUnsaved = createContext<(section: string, dirty: boolean) => void>(() => {})

/** Tells the page whether `section` has changes that are not saved yet. */
export function useReportUnsaved(section: string, dirty: boolean): void {
  const report = useContext(ReportUnsaved)
  useEffect(() => {
    report(section, dirty)
    return () => report(section, false)
  }, [report, section, dirty])
}

/**
 * Asks before leaving a page whose forms hold unsaved changes: another screen of the app gets a
 * dialog naming the sections, and closing or reloading the window gets the browser's prompt.
 */
export function UnsavedChangesGuard(props: { children: ReactNode }) {
  const [dirty, setDirty] = useState<readonly string[]>([])
  const report = useCallback(
    (section: string, isDirty: boolean) =>
      setDirty((prev) =>
        isDirty
          ? prev.includes(section)
            ? prev
            : [...prev, section]
          : prev.includes(section)
            ? prev.filter((s) => s !== section)
            : prev,
      ),
    [],
  )
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty.length > 0 && currentLocation.pathname !== nextLocation.pathname,
  )
  useEffect(() => {
    if (dirty.length === 0) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty.length])

  return (
    <ReportUnsaved.Provider value={report}>
      {props.children}
      <Modal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title="Leave without saving?"
      >
        <Stack>
          <Text size="sm">
            {dirty.length === 1 ? 'This section has' : 'These sections have'} changes that are not
            saved: {dirty.join(', ')}.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" data-autofocus onClick={() => blocker.reset?.()}>
              Stay and keep editing
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              Leave without saving
            </Button>
          </Group>
        </Stack>
      </Modal>
    </ReportUnsaved.Provider>
  )
}
