import { AppShell, Burger, Group, NavLink, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { PAGES, PAGE_LABELS, PAGE_PATHS, type Page } from '../features/navigation/screens'
import { SignOutButton } from '../features/auth/SignOutButton'
import { ColorSchemeToggle } from './ColorSchemeToggle'

/** The frame of every screen: header, navigation, and the current page. */
export function AppLayout(props: { current: Page | null; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure()
  const page = props.current
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
            // Real links: each screen has an address to open in a new window or share.
            component={Link}
            to={PAGE_PATHS[p]}
            label={PAGE_LABELS[p]}
            active={p === page}
            aria-current={p === page ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{props.children}</AppShell.Main>
    </AppShell>
  )
}
