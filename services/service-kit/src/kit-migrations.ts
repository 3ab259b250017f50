/**
 * Tables the kit itself needs in every service's schema. They are versioned like the
 * service's own migrations (as `kit-NNN`) so `docs/db-schema.sql` shows them too.
 * Never edit an entry; append a new one.
 */
export function kitMigrations(schema: string): { version: string; name: string; sql: string }[] {
  return [
    {
      version: '001',
      name: 'outbox_and_inbox',
      sql: `
-- Events written in the same transaction as the change they describe.
CREATE TABLE ${schema}.outbox (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  request_id text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
-- Which subscriber has acknowledged which event (at-least-once delivery).
CREATE TABLE ${schema}.outbox_deliveries (
  subscriber text NOT NULL,
  outbox_id bigint NOT NULL REFERENCES ${schema}.outbox (id) ON DELETE CASCADE,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscriber, outbox_id)
);
-- Events this service has consumed, so a redelivered event is ignored.
CREATE TABLE ${schema}.inbox (
  event_id uuid PRIMARY KEY,
  source text NOT NULL,
  event_type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);`,
    },
  ];
}
