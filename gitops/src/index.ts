export {
  SERVICE_NAMES,
  SERVICES,
  isServiceName,
  type ServiceName,
  type ServiceSpec,
} from './catalog';
export { CALL_GRAPH, callPairs, type CallEdge } from './call-graph';
export {
  REGIONS,
  REGION_NAMES,
  primaryRegion,
  type RegionConfig,
  type RegionName,
} from './config/regions';
export { SETTINGS, type Settings } from './config/settings';
export {
  formatImageTags,
  parseImageTags,
  readImageTags,
  tagProblem,
  type ImageTags,
} from './image-tags';
export { manifestFiles, renderAll, findDrift, writeRendered } from './render/render';
