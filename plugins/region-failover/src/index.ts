export { regionFailoverPlugin as default } from './plugin';
export {
  regionFailoverApiRef,
  RegionFailoverClient,
  type RegionFailoverApi,
} from './api/RegionFailoverApi';
