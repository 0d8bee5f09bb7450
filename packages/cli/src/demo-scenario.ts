import type { MockDinoAiControls, Step } from '@dinoai/testing'

/** Credentials the demo and `dinoai mock-server` accept: obviously not real ones. */
export const DEMO_CREDENTIALS = {
  apiKey: 'demo-api-key',
  apiSecret: 'demo-api-secret',
  workspaceUid: 'demo-workspace',
} as const

/** The agent the scripted scenario plays. */
export const DEMO_AGENT = 'data-quality-checker'

/** The demo's first prompt and its follow-up. */
export const DEMO_MESSAGES = {
  run: 'Check the staging models for data quality issues.',
  followUp: 'Open a pull request that fixes the stg_orders failure.',
} as const

const CHILD_STEPS: readonly Step[] = [
  { status: 'RUNNING' },
  {
    message: {
      role: 'agent',
      content: 'Null rates: `stg_orders.customer_id` **0.8%** (312 rows), `stg_payments.amount` 0%.',
    },
    status: 'COMPLETED',
  },
]

const INVESTIGATION: readonly Step[] = [
  { status: 'RUNNING' },
  {
    message: {
      role: 'agent',
      content: [
        "I'll start with the staging layer. Found **4 models** in `models/staging`:",
        '',
        '- `stg_customers` (3 tests)',
        '- `stg_orders` (5 tests)',
        '- `stg_payments` (4 tests)',
        '- `stg_products` (2 tests)',
      ].join('\n'),
    },
  },
  {
    spawnChild: {
      agent: 'sql-profiler',
      message: 'Profile null rates of the key columns in stg_orders and stg_payments.',
      steps: CHILD_STEPS,
    },
    message: {
      role: 'agent',
      content: 'Running `dbt test --select staging` and asking a **sql-profiler** sub-agent for null rates.',
    },
  },
  {},
  {
    message: {
      role: 'agent',
      content: [
        '## Results',
        '',
        '13 of 14 tests pass. One fails:',
        '',
        '```',
        'FAIL 312 not_null_stg_orders_customer_id',
        '```',
        '',
        'The 312 rows are guest checkouts from the new storefront (since 2024-04-22): they have no `customer_id`.',
        '',
        '**Suggested fix:**',
        '',
        '1. Map guest checkouts to a `guest_customer_id` in `stg_orders`',
        '2. Keep the `not_null` test, so new gaps still fail the build',
      ].join('\n'),
    },
    status: 'COMPLETED',
  },
]

const FIX: readonly Step[] = [
  { status: 'RUNNING' },
  {
    message: {
      role: 'agent',
      content: 'Editing `models/staging/stg_orders.sql` and running `dbt build --select stg_orders+`.',
    },
  },
  {
    message: {
      role: 'agent',
      content: [
        'Opened **PR #482** _Map guest checkouts in stg_orders_:',
        '',
        '- `coalesce(customer_id, guest_customer_id)` in `stg_orders`',
        '- a new `accepted_values` test on `customer_type`',
        '',
        'All 15 staging tests pass on the branch.',
      ].join('\n'),
    },
    status: 'COMPLETED',
  },
]

/**
 * Scripts the demo's scenario into a mock: any run of the demo agent investigates the staging
 * models (spawning a profiler sub-agent), and a follow-up asking for a fix or a PR opens one.
 */
export function scriptDemo(mock: Pick<MockDinoAiControls, 'script'>): void {
  mock.script({ agent: DEMO_AGENT }, INVESTIGATION)
  // Added last, so it wins over the broad script for follow-ups that ask for a fix.
  mock.script({ agent: DEMO_AGENT, message: /\b(fix|pr|pull request)\b/i }, FIX)
}
