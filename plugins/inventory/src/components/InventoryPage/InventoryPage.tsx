import {
  Content,
  ResponseErrorPanel,
  StatusOK,
  StatusWarning,
  Table,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  inventoryStockAdjustPermission,
  type ProductStock,
} from '@internal/plugin-inventory-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, IconButton, Tooltip, Typography } from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import HistoryIcon from '@material-ui/icons/History';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { inventoryApiRef } from '../../api/InventoryApi';
import { AdjustStockDialog } from '../AdjustStockDialog';

interface Row {
  sku: string;
  name: string;
  warehouseId: string;
  region: string;
  onHand: number;
  reserved: number;
  available: number;
  low: boolean;
  product: ProductStock;
}

const rowsOf = (products: ProductStock[]): Row[] =>
  products.flatMap((product) =>
    product.warehouses.map((w) => ({ ...w, sku: product.sku, name: product.name, product })),
  );

/** Stock per SKU and warehouse; operators can set a level, everyone sees why it changed. */
export function InventoryPage() {
  const api = useApi(inventoryApiRef);
  const alerts = useApi(alertApiRef);
  const { allowed: mayAdjust, loading: checking } = usePermission({
    permission: inventoryStockAdjustPermission,
  });
  const stock = useAsyncRetry(() => api.getStock(), [api]);
  const [adjusting, setAdjusting] = useState<ProductStock>();
  const [historyOf, setHistoryOf] = useState<string>();
  const history = useAsyncRetry(
    async () => (historyOf ? api.getHistory(historyOf) : []),
    [api, historyOf],
  );

  if (stock.error) return <ResponseErrorPanel error={stock.error} />;
  const rows = rowsOf(stock.value ?? []);
  const low = rows.filter((r) => r.low).length;

  return (
    <Content>
      {!checking && !mayAdjust && (
        <Typography variant="body2" color="textSecondary" paragraph>
          You can read stock levels. Adjusting them is for operators (group ops).
        </Typography>
      )}
      <Table<Row>
        title={`Stock by warehouse${low ? ` · ${low} low` : ''}`}
        isLoading={stock.loading}
        options={{ paging: true, pageSize: 20, padding: 'dense', search: true }}
        columns={[
          { title: 'SKU', field: 'sku' },
          { title: 'Product', field: 'name' },
          { title: 'Warehouse', field: 'warehouseId' },
          { title: 'Region', field: 'region' },
          { title: 'On hand', field: 'onHand', type: 'numeric' },
          { title: 'Reserved', field: 'reserved', type: 'numeric' },
          { title: 'Available', field: 'available', type: 'numeric' },
          {
            title: 'Level',
            field: 'low',
            render: (row) =>
              row.low ? <StatusWarning>low</StatusWarning> : <StatusOK>ok</StatusOK>,
          },
          {
            title: '',
            field: 'sku',
            sorting: false,
            // Icon buttons: two text buttons do not fit beside eight columns and were cut off.
            render: (row) => (
              <Box display="flex" style={{ whiteSpace: 'nowrap' }}>
                <Tooltip title="Change history">
                  <IconButton
                    size="small"
                    aria-label={`history ${row.sku}`}
                    onClick={() => setHistoryOf(row.sku)}
                  >
                    <HistoryIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip
                  title={mayAdjust ? 'Adjust stock' : 'Only operators (group ops) may adjust stock'}
                >
                  <span>
                    <IconButton
                      size="small"
                      color="primary"
                      disabled={!mayAdjust}
                      aria-label={`adjust ${row.sku} ${row.warehouseId}`}
                      onClick={() => setAdjusting(row.product)}
                    >
                      <EditIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
              </Box>
            ),
          },
        ]}
        data={rows}
      />
      {historyOf && (
        <Box mt={3}>
          <Table
            title={`Changes to ${historyOf}`}
            isLoading={history.loading}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={[
              { title: 'At', field: 'at', render: (e) => new Date(e.at).toLocaleString() },
              { title: 'Warehouse', field: 'warehouseId' },
              { title: 'Change', field: 'change' },
              {
                title: 'On hand',
                field: 'newOnHand',
                render: (e) => `${e.oldOnHand} → ${e.newOnHand}`,
              },
              {
                title: 'Reserved',
                field: 'newReserved',
                render: (e) =>
                  e.newReserved === null ? '—' : `${e.oldReserved} → ${e.newReserved}`,
              },
              {
                title: 'By',
                field: 'actor',
                render: (e) => (e.actorId ? `${e.actorId} (via ${e.actor})` : e.actor),
              },
              { title: 'Reason', field: 'reason' },
            ]}
            data={history.value ?? []}
          />
        </Box>
      )}
      {adjusting && (
        <AdjustStockDialog
          product={adjusting}
          onClose={() => setAdjusting(undefined)}
          onAdjusted={(product) => {
            setAdjusting(undefined);
            alerts.post({
              message: `Stock of ${product.sku} updated`,
              severity: 'success',
              display: 'transient',
            });
            stock.retry();
            if (historyOf === product.sku) history.retry();
            else setHistoryOf(product.sku);
          }}
        />
      )}
    </Content>
  );
}
