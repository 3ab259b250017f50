export { RegionStatusPage } from './RegionStatusPage';
