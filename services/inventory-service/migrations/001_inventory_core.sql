-- inventory-service: the catalogue, where stock physically is, what is held for orders,
-- and why every stock number changed.

CREATE TABLE inventory.products (
  -- Same rule as the kit's skuSchema, so no row can hold a SKU the API would refuse.
  sku text PRIMARY KEY CHECK (sku ~ '^[A-Z0-9][A-Z0-9-]{2,31}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  category text NOT NULL CHECK (length(category) BETWEEN 1 AND 60),
  price_cents integer NOT NULL CHECK (price_cents > 0),
  currency text NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
  -- Inactive products stay for history (old reservations name them) but cannot be reserved.
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_category_idx ON inventory.products (category, sku);

CREATE TABLE inventory.warehouses (
  id text PRIMARY KEY CHECK (id ~ '^wh-[a-z0-9][a-z0-9-]{1,40}$'),
  name text NOT NULL,
  region text NOT NULL CHECK (region IN ('us-east-1', 'eu-west-1')),
  city text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per product per warehouse. The CHECKs are the last line of defence for the core
-- guarantee: whatever the code does, stock cannot go negative or be held twice over.
CREATE TABLE inventory.stock (
  sku text NOT NULL REFERENCES inventory.products (sku),
  warehouse_id text NOT NULL REFERENCES inventory.warehouses (id),
  on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  low_stock_threshold integer NOT NULL DEFAULT 10 CHECK (low_stock_threshold >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, warehouse_id),
  CHECK (reserved <= on_hand)
);
CREATE INDEX stock_warehouse_idx ON inventory.stock (warehouse_id);

-- The id is chosen by the caller (order-service) before it calls, so a retried reserve names
-- the same hold. A release of an id never seen leaves a tombstone (RELEASED, no lines) so a
-- reserve arriving late with that id is refused instead of holding stock nobody will free.
CREATE TABLE inventory.reservations (
  id uuid PRIMARY KEY,
  order_id text,
  region text CHECK (region IN ('us-east-1', 'eu-west-1')),
  status text NOT NULL CHECK (status IN ('HELD', 'COMMITTED', 'RELEASED', 'EXPIRED')),
  tombstone boolean NOT NULL DEFAULT false,
  expires_at timestamptz,
  -- Who created it and why it ended, for operators reading the history.
  created_by text,
  ended_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT tombstone OR status = 'RELEASED'),
  CHECK (tombstone OR (order_id IS NOT NULL AND region IS NOT NULL AND expires_at IS NOT NULL))
);
-- The sweeper's query: only live holds, oldest deadline first.
CREATE INDEX reservations_held_expiry_idx ON inventory.reservations (expires_at)
  WHERE status = 'HELD';
CREATE INDEX reservations_order_idx ON inventory.reservations (order_id);

-- What a reservation holds, per warehouse. A line of the order appears more than once only
-- when no single chosen warehouse could fill it.
CREATE TABLE inventory.reservation_lines (
  reservation_id uuid NOT NULL REFERENCES inventory.reservations (id),
  sku text NOT NULL,
  warehouse_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (reservation_id, sku, warehouse_id),
  FOREIGN KEY (sku, warehouse_id) REFERENCES inventory.stock (sku, warehouse_id)
);
CREATE INDEX reservation_lines_stock_idx ON inventory.reservation_lines (sku, warehouse_id);

-- Every change to a stock row, with who did it and under which request. Append-only.
CREATE TABLE inventory.stock_audit (
  id bigserial PRIMARY KEY,
  sku text NOT NULL,
  warehouse_id text NOT NULL,
  old_on_hand integer NOT NULL,
  new_on_hand integer NOT NULL,
  old_reserved integer,
  new_reserved integer,
  -- adjust (operator/service set on_hand), reserve, commit, release, expire
  change text NOT NULL CHECK (change IN ('adjust', 'reserve', 'commit', 'release', 'expire')),
  actor_kind text NOT NULL CHECK (actor_kind IN ('operator', 'service', 'system')),
  -- operator e-mail, calling service name, or the background job's name
  actor text NOT NULL,
  actor_id text,
  reason text NOT NULL,
  reservation_id uuid,
  request_id text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_audit_stock_idx ON inventory.stock_audit (sku, warehouse_id, id DESC);
CREATE INDEX stock_audit_reservation_idx ON inventory.stock_audit (reservation_id)
  WHERE reservation_id IS NOT NULL;
