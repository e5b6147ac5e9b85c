import { AppShell, Burger, Group, NavLink, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'
import {
  PAGES,
  PAGE_LABELS,
  selectPage,
  useNavigationStore,
} from '../features/navigation/navigation.store'
import { SignOutButton } from '../features/auth/SignOutButton'
import { ColorSchemeToggle } from './ColorSchemeToggle'

/** The frame of every screen: header, navigation, and the current page. */
export function AppLayout(props: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure()
  const page = useNavigationStore(selectPage)
  const navigate = useNavigationStore((s) => s.navigate)
  return (
    <AppShell
      header={{ height: 56 }}
      // Narrower below 1200 px so the wide tables keep their last columns in view at 1024 px.
      navbar={{ width: { base: 200, lg: 240 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={3} component="p">
              Tessera
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SignOutButton />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {PAGES.map((p) => (
          <NavLink
            key={p}
            component="button"
            label={PAGE_LABELS[p]}
            active={p === page}
            aria-current={p === page ? 'page' : undefined}
            onClick={() => {
              navigate(p)
              close()
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{props.children}</AppShell.Main>
    </AppShell>
  )
}
