-- crm-api owns customers (and the operators who sign in through it), customer-facing orders
-- and the idempotency keys that make POST /orders safe to retry.

-- Emails are stored lower-cased (the CHECK enforces it) so the unique index makes them unique
-- case-insensitively without a functional index.
CREATE TABLE crm.customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name text NOT NULL,
  region text NOT NULL CHECK (region IN ('us-east-1', 'eu-west-1')),
  role text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'operator')),
  password_hash text NOT NULL,
  shipping_address jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email_key ON crm.customers (email);

CREATE TABLE crm.orders (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES crm.customers (id),
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED')),
  region text NOT NULL CHECK (region IN ('us-east-1', 'eu-west-1')),
  ship_to jsonb NOT NULL,
  service_level text NOT NULL DEFAULT 'standard' CHECK (service_level IN ('standard', 'express')),
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  tracking_numbers text[] NOT NULL DEFAULT '{}',
  failure_reason text,
  supply_order_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_created_idx ON crm.orders (customer_id, created_at DESC);
-- The reconciler scans only what is still open.
CREATE INDEX orders_pending_idx ON crm.orders (created_at) WHERE status = 'PENDING';

CREATE TABLE crm.order_lines (
  order_id uuid NOT NULL REFERENCES crm.orders (id) ON DELETE CASCADE,
  line_no smallint NOT NULL CHECK (line_no >= 1),
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
  product_name text NOT NULL,
  PRIMARY KEY (order_id, sku),
  UNIQUE (order_id, line_no)
);

-- One row per (customer, Idempotency-Key). It is inserted before the order in the same
-- transaction (ON CONFLICT DO NOTHING decides the one winner), hence the deferred foreign key.
-- response_* hold the final answer replayed to retries; provisional_at records that the
-- first request answered 202 (order still PENDING) so retries need not wait for it.
CREATE TABLE crm.idempotency_keys (
  customer_id uuid NOT NULL REFERENCES crm.customers (id),
  key text NOT NULL CHECK (key ~ '^[A-Za-z0-9_-]{1,100}$'),
  request_hash text NOT NULL,
  order_id uuid NOT NULL UNIQUE REFERENCES crm.orders (id) DEFERRABLE INITIALLY DEFERRED,
  response_status smallint,
  response_body jsonb,
  provisional_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, key),
  CHECK ((response_status IS NULL) = (response_body IS NULL))
);
