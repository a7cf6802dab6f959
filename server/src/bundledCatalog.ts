// The catalog data shipped with the extension, bundled as text by esbuild, so
// nothing reads the disk (or the network) for it at run time.
import chips from '../data/chips.yaml';
import aws from '../data/instances/aws.yaml';
import azure from '../data/instances/azure.yaml';
import gcp from '../data/instances/gcp.yaml';
import models from '../data/models.yaml';
import serverless from '../data/serverless.yaml';
import type { CatalogFile } from './core/catalog/catalog';

export const BUNDLED_CATALOG: readonly CatalogFile[] = [
  { name: 'server/data/chips.yaml', text: chips },
  { name: 'server/data/models.yaml', text: models },
  { name: 'server/data/instances/aws.yaml', text: aws },
  { name: 'server/data/instances/gcp.yaml', text: gcp },
  { name: 'server/data/instances/azure.yaml', text: azure },
  { name: 'server/data/serverless.yaml', text: serverless },
];
