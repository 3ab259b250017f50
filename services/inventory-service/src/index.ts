export {
  configSchema,
  inventoryDefinition,
  inventoryHandles,
  SERVICE_NAME,
  type InventoryConfig,
  type InventoryHandles,
} from './service';
export {
  allocate,
  type AllocationInput,
  type AllocationResult,
  type Shortage,
} from './domain/allocation';
export type { Allocation, Product, ReservationStatus, Warehouse } from './domain/types';
export type { InventoryView, ProductView, ReservationView } from './domain/views';
