import pkg from '../../package.json' with { type: 'json' };
import type { AppInfo } from '../shared/schemas';

export function appInfo(host: AppInfo['host']): AppInfo {
  return {
    name: pkg.productName,
    version: pkg.version,
    host,
    nodeVersion: process.versions.node,
    electronVersion: process.versions.electron ?? null,
    platform: `${process.platform}-${process.arch}`,
  };
}
