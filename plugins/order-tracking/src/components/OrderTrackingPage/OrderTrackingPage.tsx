import { Content, ResponseErrorPanel, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, Link, TextField } from '@material-ui/core';
import { type FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { orderTrackingApiRef } from '../../api/OrderTrackingApi';
import { OrderDetails } from '../OrderDetails';
import { money, OrderStatusLabel } from '../statusChip';

/**
 * Orders across customers: the most recent by default, or those matching an order id, a
 * customer email or a tracking number; choosing one shows its saga and shipments.
 */
export function OrderTrackingPage() {
  const api = useApi(orderTrackingApiRef);
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const { value, loading, error } = useAsync(
    () => api.searchOrders({ query: query || undefined, limit: 25 }),
    [api, query],
  );

  const search = (event: FormEvent) => {
    event.preventDefault();
    setSelected(undefined);
    setQuery(input.trim());
  };

  return (
    <Content>
      <Box component="form" onSubmit={search} display="flex" mb={2} style={{ gap: 8 }}>
        <TextField
          label="Order id, customer email or tracking number"
          variant="outlined"
          size="small"
          fullWidth
          value={input}
          onChange={(e) => setInput(e.target.value)}
          inputProps={{ 'aria-label': 'search orders' }}
        />
        <Button type="submit" variant="contained" color="primary">
          Search
        </Button>
      </Box>
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <Table
          title={query ? `Orders matching "${query}"` : 'Recent orders'}
          isLoading={loading}
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={[
            {
              title: 'Order',
              field: 'id',
              render: (row) => (
                <Link component="button" onClick={() => setSelected(row.id)}>
                  {row.id}
                </Link>
              ),
            },
            {
              title: 'Status',
              field: 'status',
              render: (row) => <OrderStatusLabel status={row.status} />,
            },
            { title: 'Customer', field: 'customerEmail' },
            { title: 'Region', field: 'region' },
            {
              title: 'Total',
              field: 'totalCents',
              render: (row) => money(row.totalCents, row.currency),
            },
            {
              title: 'Tracking',
              field: 'trackingNumbers',
              render: (row) => row.trackingNumbers.join(', ') || '—',
            },
            {
              title: 'Placed',
              field: 'createdAt',
              render: (row) => new Date(row.createdAt).toLocaleString(),
            },
          ]}
          data={value ?? []}
          emptyContent={<Box p={2}>No orders found.</Box>}
        />
      )}
      {selected && (
        <Box mt={3}>
          <OrderDetails orderId={selected} />
        </Box>
      )}
    </Content>
  );
}
