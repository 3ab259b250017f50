export { EntityOrdersContent } from './EntityOrdersContent';
