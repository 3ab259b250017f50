export { inventoryPlugin as default } from './plugin';
