export { regionFailoverPlugin as default } from './plugin';
