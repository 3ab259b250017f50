-- crm-analytics keeps its own projection of crm-api's orders, built only from crm-api's outbox
-- events (order.placed, order.confirmed, order.failed, customer.registered). It never reads
-- the crm schema: the events are the contract.

-- One row per crm order. placed_on is the UTC calendar day the order was placed: the day every
-- figure counts the order on (revenue, order counts and conversion alike).
CREATE TABLE sales_insight.orders (
  order_id uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  region text NOT NULL CHECK (region IN ('us-east-1', 'eu-west-1')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED')),
  placed_at timestamptz NOT NULL,
  placed_on date GENERATED ALWAYS AS ((placed_at AT TIME ZONE 'UTC')::date) STORED,
  -- False while only a final event (confirmed/failed) has been seen; order.placed then fills in.
  placed_event_seen boolean NOT NULL,
  ended_at timestamptz,
  failure_reason text,
  first_event_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'PENDING') = (ended_at IS NULL))
);
CREATE INDEX orders_placed_on_idx ON sales_insight.orders (placed_on, region);
CREATE INDEX orders_customer_idx ON sales_insight.orders (customer_id);

-- What each order sold, at the price it was sold for.
CREATE TABLE sales_insight.order_lines (
  order_id uuid NOT NULL REFERENCES sales_insight.orders (order_id) ON DELETE CASCADE,
  line_no smallint NOT NULL CHECK (line_no >= 1),
  sku text NOT NULL,
  product_name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 1),
  unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, sku)
);

-- Every status an order was reported in, keyed by the event that reported it (so a
-- redelivered event adds nothing).
CREATE TABLE sales_insight.order_status_history (
  event_id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES sales_insight.orders (order_id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED')),
  occurred_at timestamptz NOT NULL,
  -- False when the event contradicted an ending already recorded (it is kept, not applied).
  applied boolean NOT NULL DEFAULT true,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_order_idx
  ON sales_insight.order_status_history (order_id, occurred_at);

-- Customers as crm-api announced them (sign-ups after this service started listening).
CREATE TABLE sales_insight.customers (
  customer_id uuid PRIMARY KEY,
  region text NOT NULL,
  role text NOT NULL,
  registered_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
