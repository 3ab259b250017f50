import type { Queryable } from '@globalretail/service-kit';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  customerId: string;
  key: string;
  requestHash: string;
  orderId: string;
  answer: StoredAnswer | null;
  answeredProvisionally: boolean;
}

interface Row {
  customer_id: string;
  key: string;
  request_hash: string;
  order_id: string;
  response_status: number | null;
  response_body: unknown;
  provisional_at: Date | null;
}

const toRecord = (row: Row): IdempotencyRecord => ({
  customerId: row.customer_id,
  key: row.key,
  requestHash: row.request_hash,
  orderId: row.order_id,
  answer:
    row.response_status === null ? null : { status: row.response_status, body: row.response_body },
  answeredProvisionally: row.provisional_at !== null,
});

/**
 * Claims the key for this request. True for exactly one of any number of concurrent
 * claimants: a loser's INSERT waits for the winner's transaction and then does nothing.
 */
export async function claimIdempotencyKey(
  db: Queryable,
  claim: { customerId: string; key: string; requestHash: string; orderId: string },
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO crm.idempotency_keys (customer_id, key, request_hash, order_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [claim.customerId, claim.key, claim.requestHash, claim.orderId],
  );
  return result.rowCount === 1;
}

export async function findIdempotencyRecord(
  db: Queryable,
  customerId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const { rows } = await db.query<Row>(
    'SELECT * FROM crm.idempotency_keys WHERE customer_id = $1 AND key = $2',
    [customerId, key],
  );
  return rows[0] && toRecord(rows[0]);
}

/**
 * Stores the final answer of an order's request unless one is stored already, and returns
 * whichever answer is stored now (read back from the row, so every replay sends the same bytes).
 */
export async function storeFinalAnswer(
  db: Queryable,
  orderId: string,
  answer: StoredAnswer,
): Promise<StoredAnswer | undefined> {
  await db.query(
    `UPDATE crm.idempotency_keys
        SET response_status = $2, response_body = $3::jsonb, completed_at = now()
      WHERE order_id = $1 AND response_status IS NULL`,
    [orderId, answer.status, JSON.stringify(answer.body)],
  );
  const { rows } = await db.query<Pick<Row, 'response_status' | 'response_body'>>(
    'SELECT response_status, response_body FROM crm.idempotency_keys WHERE order_id = $1',
    [orderId],
  );
  const row = rows[0];
  if (!row || row.response_status === null) return undefined;
  return { status: row.response_status, body: row.response_body };
}

export async function markAnsweredProvisionally(db: Queryable, orderId: string): Promise<void> {
  await db.query(
    `UPDATE crm.idempotency_keys SET provisional_at = now()
      WHERE order_id = $1 AND provisional_at IS NULL`,
    [orderId],
  );
}
