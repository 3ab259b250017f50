-- The order saga's state. A row is written before the first step and updated before every
-- next one, so a process that dies mid-saga leaves enough to finish or compensate on restart.
CREATE TABLE orders.supply_orders (
  id uuid PRIMARY KEY,
  -- The crm-api order this fulfils; unique so a retried hand-off never starts a second saga.
  order_id uuid NOT NULL UNIQUE,
  customer_id uuid NOT NULL,
  region text NOT NULL CHECK (region IN ('us-east-1', 'eu-west-1')),
  lines jsonb NOT NULL,
  ship_to jsonb NOT NULL,
  service_level text NOT NULL CHECK (service_level IN ('standard', 'express')),
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED')),
  -- The step to run next. Forward: RESERVE_STOCK, CREATE_SHIPMENTS, COMMIT_RESERVATION;
  -- compensation: CANCEL_SHIPMENTS, RELEASE_RESERVATION; then DONE.
  saga_step text NOT NULL DEFAULT 'RESERVE_STOCK' CHECK (
    saga_step IN ('RESERVE_STOCK', 'CREATE_SHIPMENTS', 'COMMIT_RESERVATION', 'CANCEL_SHIPMENTS', 'RELEASE_RESERVATION', 'DONE')
  ),
  -- Chosen before the reserve call so a retry or a compensation names the same hold.
  reservation_id uuid NOT NULL UNIQUE,
  allocations jsonb,
  -- [{shipmentId, warehouseId, region, lines, trackingNumber?, carrier?}]: ids chosen before the calls.
  shipments jsonb NOT NULL DEFAULT '[]',
  failure_code text,
  failure_reason text,
  failure_details jsonb,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Which process is driving the saga, and until when; an expired lease is picked up by recovery.
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'PENDING') = (saga_step <> 'DONE'))
);

CREATE INDEX supply_orders_customer_idx ON orders.supply_orders (customer_id, created_at DESC);
CREATE INDEX supply_orders_unfinished_idx ON orders.supply_orders (next_attempt_at) WHERE status = 'PENDING';

-- Every step taken, for operators asking "what happened to this order".
CREATE TABLE orders.saga_log (
  id bigserial PRIMARY KEY,
  supply_order_id uuid NOT NULL REFERENCES orders.supply_orders (id),
  step text NOT NULL,
  outcome text NOT NULL,
  detail jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saga_log_order_idx ON orders.saga_log (supply_order_id, id);
