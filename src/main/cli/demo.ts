import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'

export interface DemoResult {
  annotatorName: string
  annotatorToken: string
  projectId: number
  projectTitle: string
  summary: string
}

const SENTIMENT_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>
  </Choices>
</View>`
const INTENT_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Choices name="intent" toName="text"><Choice value="Billing"/><Choice value="Bug"/><Choice value="Question"/></Choices>
</View>`
const BBOX_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Car"/><Label value="Person"/><Label value="Sign"/></RectangleLabels>
</View>`
const NER_CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="Drug"/><Label value="Dose"/><Label value="Finding"/></Labels>
</View>`

const PRODUCTS = [
  'headphones',
  'blender',
  'running shoes',
  'desk lamp',
  'phone case',
  'backpack',
  'kettle',
]
const OPINIONS = [
  ['Absolutely love these', 'Positive'],
  ['Stopped working after a week,', 'Negative'],
  ['Does the job, nothing special:', 'Neutral'],
  ['Best purchase this year:', 'Positive'],
  ['Arrived broken and support never answered;', 'Negative'],
] as const
const TICKETS = [
  'I was charged twice for my subscription this month',
  'The export button does nothing in Firefox',
  'How do I invite a colleague to my workspace?',
  'Invoice #2291 shows the wrong VAT number',
  'App crashes when I rotate my tablet',
  'Can I change the language of the interface?',
]
const REPORTS = [
  'Patient started on metformin 500 mg twice daily; mild nodular opacity in the left lung.',
  'Increase lisinopril to 20 mg; no acute findings on chest X-ray.',
  'Atorvastatin 40 mg nightly; small pleural effusion noted.',
]

/** True when the database holds nothing but the organization and its Owner. */
export function isEmpty(engine: Engine, owner: Actor): boolean {
  return (
    engine.people.list(owner).length <= 1 &&
    engine.workspaces.list(owner, true).length === 0 &&
    engine.projects.list(owner, { includeArchived: true }).length === 0
  )
}

const sentiment = (value: string) => [
  { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [value] } },
]

/**
 * Fills an empty organization with people, workspaces, projects, tasks and service accounts,
 * through the same engine services the admin UI uses (so the activity log tells the story).
 * Returns the token of the demo Annotator service account, assigned to the first project.
 */
export function seedDemo(engine: Engine, owner: Actor, now: number): DemoResult {
  engine.organization.updateSettings(owner, { title: 'Acme Labeling' })
  const people = [
    ['ada.admin@acme.test', 'Ada', 'Lovelace', 'AD'],
    ['mira.manager@acme.test', 'Mira', 'Okafor', 'MA'],
    ['raj.reviewer@acme.test', 'Raj', 'Patel', 'RE'],
    ['ana.annotator@acme.test', 'Ana', 'Silva', 'AN'],
    ['li.annotator@acme.test', 'Li', 'Wei', 'AN'],
    ['sam.annotator@acme.test', 'Sam', 'Berg', 'AN'],
  ] as const
  const ids = people.map(
    ([email, firstName, lastName, role]) =>
      engine.people.addPerson(owner, { email, firstName, lastName, role }).userId,
  )
  const [, manager, reviewer, ...annotators] = ids as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]

  const feedback = engine.workspaces.create(owner, {
    title: 'Customer Feedback',
    description: 'Reviews and support tickets',
  })
  const vision = engine.workspaces.create(owner, {
    title: 'Computer Vision',
    description: 'Street and retail imagery',
  })
  const medical = engine.workspaces.create(owner, {
    title: 'Clinical Text',
    description: 'Restricted: de-identified reports',
  })
  const mk = (title: string, workspaceId: number, labelConfig: string, description: string) =>
    engine.projects.create(owner, { title, workspaceId, labelConfig, description })
  const reviews = mk(
    'Product reviews — sentiment',
    feedback.id,
    SENTIMENT_CONFIG,
    'Classify the sentiment of product reviews',
  )
  const tickets = mk(
    'Support tickets — intent',
    feedback.id,
    INTENT_CONFIG,
    'Route tickets by intent',
  )
  const streets = mk(
    'Street scenes — bounding boxes',
    vision.id,
    BBOX_CONFIG,
    'Cars, people and signs',
  )
  const shelves = mk('Retail shelves — products', vision.id, BBOX_CONFIG, 'Products on shelves')
  const reports = mk('Radiology reports — NER', medical.id, NER_CONFIG, 'Drugs, doses and findings')

  for (const id of [manager, reviewer]) engine.workspaces.addMember(owner, feedback.id, id)
  engine.workspaces.addMember(owner, vision.id, manager)
  for (const id of annotators) engine.projects.addMember(owner, reviews.id, id)
  engine.projects.addMember(owner, tickets.id, annotators[0])
  engine.projects.addMember(owner, streets.id, annotators[1])
  engine.projects.addMember(owner, reports.id, reviewer)

  const reviewTasks = Array.from({ length: 35 }, (_, i) => {
    const [opinion] = OPINIONS[i % OPINIONS.length]!
    return { data: { text: `${opinion} ${PRODUCTS[i % PRODUCTS.length]} (review #${i + 1})` } }
  })
  engine.imports.run(owner, reviews.id, reviewTasks)
  engine.imports.run(
    owner,
    tickets.id,
    TICKETS.concat(TICKETS).map((text) => ({ text })),
  )
  for (const p of [streets, shelves]) {
    engine.imports.run(
      owner,
      p.id,
      Array.from({ length: 12 }, (_, i) => ({
        image: `https://example.com/${p.id}/frame-${i + 1}.jpg`,
      })),
    )
  }
  engine.imports.run(
    owner,
    reports.id,
    REPORTS.map((text) => ({ text })),
  )

  // A little finished work so the project pages and the dashboard are not blank.
  const page = engine.tasks.page(owner, reviews.id, 1, 12).rows
  page.forEach((task, i) => {
    const annotator = annotators[i % annotators.length]!
    const truth = OPINIONS[i % OPINIONS.length]![1]
    const as = (userId: number) => ({ userId, organizationId: owner.organizationId })
    const a = engine.annotations.create(as(annotator), task.id, {
      result: sentiment(i % 4 === 3 ? 'Neutral' : truth),
      lead_time: 20 + ((i * 7) % 40),
    })
    if (i < 8) {
      const action = i % 4 === 3 ? 'rejected' : i % 5 === 4 ? 'fixed_accepted' : 'accepted'
      engine.reviews.create(as(reviewer), a.annotation.id, {
        action,
        agreement: action === 'fixed_accepted' ? 0.5 : undefined,
        lead_time: 8,
      })
    }
  })

  const request = engine.quota.request(
    owner,
    3,
    'Ingestion, QA and pipeline automation for the demo',
  )
  engine.quota.approve(owner, request.id, 'Approved for the demo')
  const annotator = engine.serviceAccounts.create(owner, {
    name: 'labeling-bot',
    description: 'Demo Annotator: reads its project and submits annotations',
    role: 'AN',
    projectIds: [reviews.id],
  })
  engine.serviceAccounts.create(owner, {
    name: 'qa-reviewer',
    description: 'Accepts or rejects annotations in Customer Feedback',
    role: 'RE',
    workspaceIds: [feedback.id],
  })
  engine.serviceAccounts.create(owner, {
    name: 'vision-pipeline',
    description: 'Imports frames and predictions into Computer Vision',
    role: 'MA',
    workspaceIds: [vision.id],
  })
  engine.serviceAccounts.create(owner, {
    name: 'directory-sync',
    description: 'Keeps memberships in sync with the HR directory',
    role: 'AD',
  })

  engine.demo.generateWork({ days: 90, now })

  return {
    annotatorName: annotator.account.name,
    annotatorToken: annotator.token,
    projectId: reviews.id,
    projectTitle: reviews.title,
    summary: `${people.length + 1} people, 3 workspaces, 5 projects, 4 service accounts`,
  }
}
