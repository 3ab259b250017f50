-- analytics-service: read models of the supply side, built from other services' outbox
-- events. Only the event consumer (and the stock bootstrap) writes here, and each event's
-- writes commit in the same transaction as its inbox row, so a redelivered event changes
-- nothing twice. Ids of other services are stored as text: a malformed one must never make
-- an event undeliverable.

-- Live stock = the newest absolute level known for a (sku, warehouse) + the reservation
-- movements after it. The base is either an absolute event (stock.adjusted, stock.low),
-- ordered by inventory-service's outbox sequence, or a snapshot read over HTTP at start,
-- ordered by the stock row's updated_at (the timestamp of the transaction that last changed
-- it, which is also the occurred_at of that transaction's events).
CREATE TABLE supply_analytics.stock_levels (
  sku text NOT NULL,
  warehouse_id text NOT NULL,
  region text,
  on_hand integer NOT NULL,
  reserved integer NOT NULL,
  low_stock_threshold integer,
  base_source text NOT NULL CHECK (base_source IN ('event', 'snapshot')),
  base_sequence bigint,
  base_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, warehouse_id),
  CHECK ((base_source = 'event') = (base_sequence IS NOT NULL))
);

-- What stock.reserved / stock.committed / stock.released did to each stock row.
CREATE TABLE supply_analytics.stock_movements (
  event_id uuid NOT NULL,
  sequence bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reserved', 'committed', 'released')),
  reservation_id text NOT NULL,
  sku text NOT NULL,
  warehouse_id text NOT NULL,
  region text,
  on_hand_delta integer NOT NULL,
  reserved_delta integer NOT NULL,
  PRIMARY KEY (event_id, sku, warehouse_id)
);
CREATE INDEX stock_movements_row_idx
  ON supply_analytics.stock_movements (sku, warehouse_id, sequence);

-- Every stock.low event: a row fell to or below its threshold.
CREATE TABLE supply_analytics.low_stock_alerts (
  event_id uuid PRIMARY KEY,
  sequence bigint NOT NULL,
  sku text NOT NULL,
  warehouse_id text NOT NULL,
  region text,
  on_hand integer NOT NULL,
  reserved integer NOT NULL,
  available integer NOT NULL,
  threshold integer NOT NULL,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX low_stock_alerts_time_idx ON supply_analytics.low_stock_alerts (occurred_at DESC);

-- One row per shipment. The status is the one of the highest logistics outbox sequence seen,
-- so a late redelivery of an older event cannot move it back. promised_at is the ETA given
-- at creation (what on-time delivery is measured against); it is null until shipment.created
-- has arrived.
CREATE TABLE supply_analytics.shipments (
  shipment_id text PRIMARY KEY,
  order_id text,
  tracking_number text,
  carrier text,
  service_level text,
  origin_region text,
  origin_warehouse_id text,
  destination_country text,
  promised_at timestamptz,
  created_at timestamptz,
  status text NOT NULL,
  status_sequence bigint NOT NULL,
  status_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX shipments_created_idx ON supply_analytics.shipments (created_at);
CREATE INDEX shipments_delivered_idx ON supply_analytics.shipments (delivered_at)
  WHERE delivered_at IS NOT NULL;

-- Finished supply orders (supply-order.confirmed / supply-order.failed): fill rate, orders
-- per minute and the demand history the forecast reads.
CREATE TABLE supply_analytics.supply_orders (
  supply_order_id text PRIMARY KEY,
  order_id text NOT NULL,
  customer_id text,
  region text,
  status text NOT NULL CHECK (status IN ('CONFIRMED', 'FAILED')),
  units_ordered integer NOT NULL CHECK (units_ordered >= 0),
  units_confirmed integer NOT NULL CHECK (units_confirmed >= 0),
  failure_code text,
  finished_at timestamptz NOT NULL,
  event_id uuid NOT NULL
);
CREATE INDEX supply_orders_finished_idx ON supply_analytics.supply_orders (finished_at);

CREATE TABLE supply_analytics.supply_order_lines (
  supply_order_id text NOT NULL REFERENCES supply_analytics.supply_orders (supply_order_id),
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (supply_order_id, sku)
);
CREATE INDEX supply_order_lines_sku_idx ON supply_analytics.supply_order_lines (sku);

-- Each stock snapshot taken from inventory-service, for operators asking where a base came from.
CREATE TABLE supply_analytics.stock_snapshots (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  products integer NOT NULL,
  rows_applied integer NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
