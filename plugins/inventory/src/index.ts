export { inventoryPlugin as default, INVENTORY_ANNOTATION } from './plugin';
export { inventoryApiRef, InventoryClient, type InventoryApi } from './api/InventoryApi';
