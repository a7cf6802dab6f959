// The catalog data shipped with the extension, parsed and validated at build time
// (esbuild.mjs) and bundled as data, so nothing reads the disk (or the network)
// for it at run time and start-up parses no YAML.
import chips from '../data/chips.yaml';
import aws from '../data/instances/aws.yaml';
import azure from '../data/instances/azure.yaml';
import gcp from '../data/instances/gcp.yaml';
import gcpTpuSlices from '../data/instances/gcp-tpu-slices.yaml';
import models from '../data/models.yaml';
import serverless from '../data/serverless.yaml';
import type { CatalogData } from './core/catalog/types';
import type { CatalogFile } from './core/catalog/catalog';

export const BUNDLED_CATALOG: readonly CatalogFile[] = [
  { name: 'server/data/chips.yaml', data: chips as CatalogData },
  { name: 'server/data/models.yaml', data: models as CatalogData },
  { name: 'server/data/instances/aws.yaml', data: aws as CatalogData },
  { name: 'server/data/instances/gcp.yaml', data: gcp as CatalogData },
  { name: 'server/data/instances/gcp-tpu-slices.yaml', data: gcpTpuSlices as CatalogData },
  { name: 'server/data/instances/azure.yaml', data: azure as CatalogData },
  { name: 'server/data/serverless.yaml', data: serverless as CatalogData },
];
