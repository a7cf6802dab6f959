import { isScalar, Scalar } from 'yaml';
import type { Located } from '../../span';
import { nodeAt, parseYamlFile, type PathSegment, type YamlFile } from '../../yaml/document';
import { NO_OBJECTS, type ConfigValue, type DeviceRequest, type FileObjects } from '../kubernetesObjects';
import { field, ManifestReader } from './reader';

/** A document that defines an object of these kinds, written as a top-level `kind:` line. */
const DEFINES = /^kind:[ \t]*["']?(ConfigMap|ResourceClaimTemplate|ResourceClaim)["']?[ \t]*(#.*)?$/m;

/** Whether a piece of a file may define objects (a top-level `kind:` of theirs): only then is it parsed for them. */
export function definesObjects(text: string): boolean {
  return DEFINES.test(text);
}

/** The objects one piece of a file defines, with spans relative to the piece. Cheap when it defines none. */
export function objectsOf(text: string): FileObjects {
  return definesObjects(text) ? objectsIn(parseYamlFile(text)) : NO_OBJECTS;
}

/** The objects the documents of a parsed piece define. */
export function objectsIn(file: YamlFile): FileObjects {
  const configMaps = new Map<string, Map<string, ConfigValue>>();
  const claimTemplates = new Map<string, DeviceRequest[]>();
  const claims = new Map<string, DeviceRequest[]>();
  for (const document of file.documents) {
    if (document.findings.length > 0) continue;
    const reader = new ManifestReader(document);
    const name = reader.value(['metadata', 'name']);
    if (typeof name !== 'string' || typeof reader.value(['apiVersion']) !== 'string') continue;
    const kind = reader.value(['kind']);
    if (kind === 'ConfigMap') configMaps.set(name, configData(reader));
    else if (kind === 'ResourceClaimTemplate') claimTemplates.set(name, deviceRequests(reader, ['spec', 'spec', 'devices', 'requests']));
    else if (kind === 'ResourceClaim') claims.set(name, deviceRequests(reader, ['spec', 'devices', 'requests']));
  }
  return { configMaps, claimTemplates, claims };
}

function configData(reader: ManifestReader): Map<string, ConfigValue> {
  const data = new Map<string, ConfigValue>();
  for (const [key, value] of Object.entries(reader.record(['data']) ?? {})) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const path = ['data', key];
    const span = reader.valueSpan(path);
    data.set(key, { value: String(value), span, editable: wholeValue(reader, path) });
  }
  return data;
}

/** A plain or quoted scalar: its content is the value. A block scalar's text also holds its indicator and indentation. */
function wholeValue(reader: ManifestReader, path: readonly PathSegment[]): boolean {
  const { node } = nodeAt(reader.document.doc, path);
  return isScalar(node) && node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED;
}

/**
 * Device requests of a claim spec, in both API shapes: `resource.k8s.io/v1beta1`
 * writes `deviceClassName` and `count` on the request, `v1` under `exactly`
 * (`firstAvailable` lists alternatives: the first is read, as the scheduler tries it first).
 */
function deviceRequests(reader: ManifestReader, path: readonly PathSegment[]): DeviceRequest[] {
  return reader.list(path).flatMap((request, i): DeviceRequest[] => {
    const at: PathSegment[] = [...path, i];
    const body = field(request, 'exactly') !== undefined ? [...at, 'exactly'] : field(request, 'firstAvailable') !== undefined ? [...at, 'firstAvailable', 0] : at;
    const deviceClass = reader.string([...body, 'deviceClassName']);
    if (!deviceClass) return [];
    const count = reader.count([...body, 'count']);
    const all = reader.value([...body, 'allocationMode']) === 'All';
    const instanceType = selectedInstance(reader, [...body, 'selectors']);
    return [
      {
        deviceClass: { value: deviceClass.value, span: deviceClass.span },
        all,
        ...(count && !all ? { count: { value: count.value, span: count.span } } : {}),
        ...(instanceType ? { instanceType } : {}),
      },
    ];
  });
}

/** `device.attributes['neuron.aws.com'].instanceType == 'trn2.48xlarge'` in a CEL selector: the instance the devices must be on. */
const INSTANCE_SELECTOR = /\.instanceType\s*==\s*["']([A-Za-z0-9._-]+)["']/;

function selectedInstance(reader: ManifestReader, selectors: readonly PathSegment[]): Located<string> | undefined {
  for (const [i] of reader.list(selectors).entries()) {
    const path = [...selectors, i, 'cel', 'expression'];
    const expression = reader.string(path);
    const match = expression ? INSTANCE_SELECTOR.exec(expression.value) : null;
    const value = match?.[1];
    if (!expression || !value) continue;
    const source = reader.source(expression.span);
    const at = source.indexOf(value, source.indexOf('instanceType'));
    return { value, span: at < 0 ? expression.span : { start: expression.span.start + at, end: expression.span.start + at + value.length } };
  }
  return undefined;
}
