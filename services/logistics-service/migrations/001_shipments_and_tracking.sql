-- Shipments: one parcel from one warehouse to one address, with its carrier, cost and the
-- simulated carrier clock's schedule. The id is chosen by the caller (order-service) so a
-- retried create never makes a second shipment.
CREATE TABLE logistics.shipments (
  id uuid PRIMARY KEY,
  -- NULL only for a tombstone: a cancel that arrived before the create left a CANCELLED row
  -- so that a late create with the same id is refused.
  order_id text,
  tracking_number text UNIQUE,
  carrier text,
  -- The carrier's product (e.g. "UPS Ground") and its offering code in the rate table.
  carrier_service text,
  carrier_offering text,
  service_level text CHECK (service_level IN ('standard', 'express')),
  status text NOT NULL CHECK (
    status IN ('LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'CANCELLED')
  ),
  origin_warehouse_id text,
  origin_region text CHECK (origin_region IN ('us-east-1', 'eu-west-1')),
  -- Where the timeline says the parcel is: snapshotted at creation so a later change of the
  -- rate table never rewrites a shipment's route.
  origin_city text,
  origin_country text,
  hub_location text,
  destination jsonb,
  items jsonb,
  cost_cents integer CHECK (cost_cents >= 0),
  currency text CHECK (currency ~ '^[A-Z]{3}$'),
  -- The simulated journey, in real milliseconds (transit days divided by the clock speed);
  -- delay_ms grows with every exception and pushes the ETA by the same amount.
  planned_transit_ms bigint CHECK (planned_transit_ms >= 0),
  delay_ms bigint NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
  estimated_delivery_at timestamptz,
  -- When the carrier clock moves this shipment next; NULL once it is final.
  next_transition_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (tracking_number IS NOT NULL OR status = 'CANCELLED'),
  CHECK (
    tracking_number IS NULL OR (
      order_id IS NOT NULL AND carrier IS NOT NULL AND carrier_service IS NOT NULL
      AND carrier_offering IS NOT NULL AND service_level IS NOT NULL
      AND origin_warehouse_id IS NOT NULL AND origin_region IS NOT NULL
      AND origin_city IS NOT NULL AND origin_country IS NOT NULL AND hub_location IS NOT NULL
      AND destination IS NOT NULL AND items IS NOT NULL AND cost_cents IS NOT NULL
      AND currency IS NOT NULL AND planned_transit_ms IS NOT NULL
      AND estimated_delivery_at IS NOT NULL
    )
  ),
  CHECK ((status IN ('DELIVERED', 'CANCELLED')) = (next_transition_at IS NULL))
);

CREATE INDEX shipments_order_idx ON logistics.shipments (order_id, created_at);
-- The carrier clock's work queue: only shipments still on their way.
CREATE INDEX shipments_due_idx ON logistics.shipments (next_transition_at)
  WHERE status NOT IN ('DELIVERED', 'CANCELLED');

-- The public timeline of a shipment, oldest first.
CREATE TABLE logistics.tracking_events (
  id bigserial PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES logistics.shipments (id),
  status text NOT NULL CHECK (
    status IN ('LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'CANCELLED')
  ),
  description text NOT NULL,
  location text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tracking_events_shipment_idx ON logistics.tracking_events (shipment_id, occurred_at, id);
