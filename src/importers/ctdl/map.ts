import type {
  CatalogueDocumentInput,
  Credential,
  CredentialKind,
  RequirementNode,
} from '../../model/index.js';
import { allOf, conditionRule, selects, type ConditionContext } from './conditions.js';
import { conversionsFor, readCredits, type CreditReading } from './credits.js';
import { indexPublication, type NodeIndex, type SourceFile } from './nodes.js';
import { readScheduledOffering } from './offerings.js';
import { isObj, localName, many, refs, text, typeOf, type Json, type Obj } from '../jsonld.js';

/**
 * CTDL pathways (and transfer-value profiles) → native catalogue documents, one per file of
 * an import. Pure: the caller reads the files and the stored catalogue and writes the results
 * through importCatalogue. Everything that is not mapped is reported as a warning naming its
 * node (and property), never dropped silently.
 *
 * - The files of one import are one publication: a reference (a condition target, a
 *   prerequisite, a `proxyFor`) is followed into any file of the import, then into the stored
 *   catalogue (CatalogueLookup). Each file's document holds what the file describes plus
 *   everything that needs, mapped identically whichever file carries it, so files may be
 *   written in any order and re-importing one changes nothing.
 * - Every PathwayComponent (and a credential class used as a component) stands for a
 *   credential: the resource its `proxyFor` names (a ceterms:Course, a credential), whose
 *   name, code and `creditValue` it takes, else the component itself (id = `@id`; blank nodes
 *   `_:x` are namespaced with the file name). Course and credential records (`ceterms:Course`,
 *   LearningOpportunityProfile, credential classes) described in a file are credentials too.
 * - ComponentConditions become rule trees (conditions.ts). Conditions on containers
 *   (Credential, Basic, Competency components, degrees, certificates) are *award* rules;
 *   conditions on what one takes directly (a course, an assessment, a certification exam) are
 *   *entry* rules, as is `prerequisite`, unless the component is a slot that only selects
 *   among others ("select 2 of these": no proxy, no course code): that is an award rule, so
 *   the slot is completed by its selection and never planned as an extra course.
 * - TransferValueProfiles become Recognitions from each `transferValueFrom` to each
 *   `transferValueFor`, with the transfer value in ECTS and start/end dates.
 */

export interface CtdlWarning {
  /** The node the warning is about (an id, or a description when it has none). */
  node: string;
  message: string;
}

export interface CtdlMapping {
  file: string;
  document: CatalogueDocumentInput;
  warnings: CtdlWarning[];
  pathways: string[];
}

/** The stored catalogue, as far as the mapping needs it (through the store boundary). */
export interface CatalogueLookup {
  credential: (id: string) => Credential | undefined;
}

export interface MapOptions {
  catalogue?: CatalogueLookup | undefined;
}

type CredentialInput = NonNullable<CatalogueDocumentInput['credentials']>[number];
type RecognitionInput = NonNullable<CatalogueDocumentInput['recognitions']>[number];
type ProviderInput = NonNullable<CatalogueDocumentInput['providers']>[number];

/** Component classes and the credential kind they map to. */
const COMPONENT_KINDS: Record<string, CredentialKind> = {
  CourseComponent: 'course',
  AssessmentComponent: 'assessment',
  CredentialComponent: 'certificate',
  CompetencyComponent: 'unit',
  BasicComponent: 'module',
};

/** Component classes taken directly, whose conditions are entry rules. */
const TAKEN_DIRECTLY = new Set(['CourseComponent', 'AssessmentComponent']);

/** Credential classes earned by passing an exam: their conditions are entry rules. */
const EXAM_CLASSES = new Set(['Certification', 'License']);

/** Credential classes (ceterms:credentialType values, or types used as components). */
const CREDENTIAL_CLASSES: Record<string, CredentialKind> = {
  Credential: 'certificate',
  Certificate: 'certificate',
  CertificateOfCompletion: 'certificate',
  CertificateOfParticipation: 'certificate',
  Certification: 'certificate',
  ProfessionalCertificate: 'certificate',
  ApprenticeshipCertificate: 'certificate',
  JourneymanCertificate: 'certificate',
  MasterCertificate: 'certificate',
  GeneralEducationDevelopment: 'certificate',
  SecondarySchoolDiploma: 'diploma',
  Diploma: 'diploma',
  AcademicCertificate: 'certificate',
  Badge: 'badge',
  DigitalBadge: 'badge',
  OpenBadge: 'badge',
  MicroCredential: 'micro-credential',
  License: 'certificate',
  Degree: 'degree',
  AssociateDegree: 'degree',
  AssociateOfAppliedArtsDegree: 'degree',
  AssociateOfAppliedScienceDegree: 'degree',
  AssociateOfArtsDegree: 'degree',
  AssociateOfScienceDegree: 'degree',
  BachelorDegree: 'degree',
  BachelorOfArtsDegree: 'degree',
  BachelorOfScienceDegree: 'degree',
  MasterDegree: 'degree',
  MasterOfArtsDegree: 'degree',
  MasterOfScienceDegree: 'degree',
  DoctoralDegree: 'degree',
  ResearchDoctorate: 'degree',
  ProfessionalDoctorate: 'degree',
};

/** Learning opportunities: records a component can stand for, or a transfer value come from. */
const OPPORTUNITY_KINDS: Record<string, CredentialKind> = {
  LearningOpportunityProfile: 'course',
  LearningOpportunity: 'course',
  LearningProgram: 'course',
  Course: 'course',
  AssessmentProfile: 'assessment',
};

const ORGANIZATIONS = new Set([
  'CredentialOrganization',
  'QACredentialOrganization',
  'Organization',
]);

/** Node types consumed while mapping others (conditions, constraints, value profiles). */
const CONSUMED = new Set([
  'ComponentCondition',
  'Constraint',
  'ValueProfile',
  'QuantitativeValue',
  'Pathway',
  'CredentialAlignmentObject',
  'ScheduledOffering',
  'DurationProfile',
]);

/**
 * Properties each kind of node has that the mapping reads (or that only restate, backwards,
 * a link it reads forwards: `isPartOf`, `isChildOf`). Every other property is reported by name.
 */
const IDENTITY = ['@id', '@type', '@context', 'ctid', 'cTID'];
const DESCRIBED = [
  'name',
  'description',
  'codedNotation',
  'subjectWebpage',
  'ownedBy',
  'offeredBy',
];
const CREDITS = ['creditValue', 'creditUnitValue', 'creditUnitType'];
const KNOWN: Record<string, Set<string>> = {
  component: new Set([
    ...IDENTITY,
    ...DESCRIBED,
    ...CREDITS,
    'hasCondition',
    'hasChild',
    'prerequisite',
    'precedes',
    'credentialType',
    'proxyFor',
    'proxyForList',
    'isDestinationComponentOf',
    'isDestinationComponentFor',
    'isPartOf',
    'isChildOf',
    'hasOffering',
  ]),
  record: new Set([...IDENTITY, ...DESCRIBED, ...CREDITS, 'hasOffering']),
  ScheduledOffering: new Set([
    ...IDENTITY,
    'name',
    'description',
    'offeredBy',
    'startDate',
    'endDate',
    'offerFrequencyType',
    'estimatedDuration',
    'deliveryType',
    'inLanguage',
  ]),
  Pathway: new Set([...IDENTITY, 'name', 'hasDestinationComponent', 'hasPart']),
  organization: new Set([...IDENTITY, 'name', 'subjectWebpage']),
  TransferValueProfile: new Set([
    ...IDENTITY,
    'name',
    'transferValue',
    'transferValueFrom',
    'transferValueFor',
    'startDate',
    'endDate',
  ]),
  ComponentCondition: new Set([
    '@id',
    '@type',
    'name',
    'description',
    'requiredNumber',
    'logicalOperator',
    'logicalOperand',
    'leftOperand',
    'rightOperand',
    'operand',
    'targetComponent',
    'hasCondition',
    'hasConstraint',
    'creditValue',
  ]),
  ValueProfile: new Set([
    '@id',
    '@type',
    'value',
    'minValue',
    'maxValue',
    'creditUnitValue',
    'creditUnitType',
    'unitText',
    'creditUnit',
  ]),
  Constraint: new Set([
    '@id',
    '@type',
    'name',
    'description',
    'leftSource',
    'leftAction',
    'comparator',
    'rightSource',
    'creditUnitType',
    'unitText',
  ]),
};

const isComponentType = (t: string) => t in COMPONENT_KINDS || t in CREDENTIAL_CLASSES;
const isUnsupportedComponentType = (t: string) => !isComponentType(t) && t.endsWith('Component');

/** Maps one file on its own (an import of that file alone). */
export function mapCtdl(
  documents: unknown[],
  fileName: string,
  options: MapOptions = {},
): CtdlMapping {
  return mapPublication([{ name: fileName, documents }], options)[0]!;
}

/** Maps the files of one import, each to its own document (in the order given). */
export function mapPublication(files: SourceFile[], options: MapOptions = {}): CtdlMapping[] {
  const index: NodeIndex = indexPublication(files);
  const { nodes, order, origin, resolve } = index;
  const catalogue = options.catalogue;
  const firstFile = files[0]?.name ?? '';
  const fileOf = (id: string) => origin.get(id)?.file ?? firstFile;
  // A node described in several files is reported in each of them.
  const describedIn = new Map<string, string[]>();
  for (const [file, ids] of index.fileOrder)
    for (const id of ids) describedIn.set(id, [...(describedIn.get(id) ?? []), file]);
  const filesOf = (id: string) => describedIn.get(id) ?? [fileOf(id)];

  const warnings = new Map<string, CtdlWarning[]>(files.map((f) => [f.name, []]));
  const warnIn = (file: string, node: string, message: string) =>
    warnings.get(file)?.push({ node, message });
  const warn = (node: string, message: string) => {
    for (const file of filesOf(node)) warnIn(file, node, message);
  };
  for (const w of index.warnings) warnIn(w.file, w.node, w.message);

  // Properties not read, per file, grouped by type and property.
  const unread = new Map<string, Map<string, Set<string>>>();
  const checkProperties = (owner: string, where: string, kind: string, node: Obj) => {
    const known = KNOWN[kind];
    if (!known) return;
    for (const file of filesOf(owner)) {
      const byKey = unread.get(file) ?? new Map<string, Set<string>>();
      unread.set(file, byKey);
      for (const key of Object.keys(node)) {
        if (known.has(key)) continue;
        const k = `${typeOf(node) ?? kind}\u0000${key}`;
        byKey.set(k, (byKey.get(k) ?? new Set()).add(where));
      }
    }
  };

  const typeAt = (id: string) => {
    const node = nodes.get(id);
    return node ? (typeOf(node) ?? '') : '';
  };

  // 1. Providers: organisations described in the import.
  const providers = new Map<string, ProviderInput>();
  for (const id of order) {
    const node = nodes.get(id)!;
    if (!ORGANIZATIONS.has(typeOf(node) ?? '')) continue;
    checkProperties(id, id, 'organization', node);
    const name = text(node.name);
    if (name) providers.set(id, { id, name, ...urlOf(node.subjectWebpage) });
    else warn(id, `${typeOf(node)} has no name: not mapped to a provider`);
  }
  const undescribedOwners = new Map<string, string>(); // organisation → node naming it
  const providerOf = (by: string, ...owners: (Json | undefined)[]): string | undefined => {
    for (const o of owners)
      for (const r of refs(o)) {
        const { id } = resolve(r);
        if (providers.has(id)) return id;
        if (id && !undescribedOwners.has(id)) undescribedOwners.set(id, by);
      }
    return undefined;
  };

  // 2. Pathways: their destinations are the qualifications.
  const pathways = order.filter((id) => typeAt(id) === 'Pathway');
  const destinations = new Set<string>();
  for (const id of pathways) {
    checkProperties(id, id, 'Pathway', nodes.get(id)!);
    for (const r of refs(nodes.get(id)!.hasDestinationComponent)) destinations.add(resolve(r).id);
  }
  for (const id of order) {
    const node = nodes.get(id)!;
    if (refs(node.isDestinationComponentFor).length || refs(node.isDestinationComponentOf).length)
      destinations.add(id);
  }

  // 3. Components and what each stands for (its proxy, else itself).
  const components = order.filter((id) => {
    const t = typeAt(id);
    if (isComponentType(t)) return true;
    if (isUnsupportedComponentType(t))
      warn(
        id,
        `component type ${t} is not supported: not imported, and conditions naming it skip it`,
      );
    return false;
  });
  const componentSet = new Set(components);
  const proxyOf = new Map<string, string>();
  for (const id of components) {
    const node = nodes.get(id)!;
    const proxies = [...refs(node.proxyFor), ...refs(node.proxyForList)].map((r) => resolve(r).id);
    const proxy = proxies.find((p) => p && p !== id);
    if (!proxy) continue;
    if (new Set(proxies).size > 1)
      warn(
        id,
        `proxyFor names ${new Set(proxies).size} resources: the component stands for the first, ${proxy}`,
      );
    proxyOf.set(id, proxy);
  }
  const records = new Set(order.filter((id) => typeAt(id) in OPPORTUNITY_KINDS));
  /** The credential a reference stands for, or undefined when it is none. */
  const identity = (id: string): string | undefined => {
    if (componentSet.has(id)) return proxyOf.get(id) ?? id;
    if (records.has(id)) return id;
    if (!nodes.has(id) && catalogue?.credential(id)) return id;
    return undefined;
  };
  const members = new Map<string, string[]>(); // credential → components standing for it
  for (const id of components) {
    const key = identity(id)!;
    members.set(key, [...(members.get(key) ?? []), id]);
  }

  // 4. Credentials, built once for the whole import.
  const assumedUnits = new Map<string, number>(); // file → values read without a unit
  const creditsOf = (id: string, node: Obj) => {
    for (const profile of many(node.creditValue))
      if (isObj(profile)) checkProperties(id, `${id} creditValue`, 'ValueProfile', profile);
    const source =
      node.creditValue ??
      (node.creditUnitValue !== undefined
        ? { creditUnitValue: node.creditUnitValue, creditUnitType: node.creditUnitType ?? null }
        : undefined);
    const reading: CreditReading = readCredits(source);
    if (reading.kind === 'unknown-unit') {
      warn(
        id,
        `credit unit "${reading.unit}" has no ECTS conversion: credits set to 0 (value ${reading.value} kept in creditsOriginal)`,
      );
      return { credits: 0, creditSystem: localName(reading.unit), creditsOriginal: reading.value };
    }
    if (reading.kind === 'none') return undefined;
    if (reading.assumedUnit) assumedUnits.set(fileOf(id), (assumedUnits.get(fileOf(id)) ?? 0) + 1);
    if (reading.range)
      warn(
        id,
        `credit value is a range ${reading.range[0]}–${reading.range[1]}: its minimum is used`,
      );
    const { kind: _k, assumedUnit: _a, range: _r, ...credits } = reading;
    return credits;
  };
  const titleOf = (node: Obj) => {
    // A course code belongs in the title advisers read ("Gas Metal Arc Welding II (WE111)").
    const coded = text(node.codedNotation);
    const name = text(node.name);
    return name && coded && !name.includes(coded) ? `${name} (${coded})` : (name ?? coded);
  };
  const kindOf = (node: Obj): CredentialKind => {
    const type = typeOf(node) ?? '';
    if (type === 'CredentialComponent' || type === 'BasicComponent')
      return (
        CREDENTIAL_CLASSES[localName(text(node.credentialType) ?? '')] ?? COMPONENT_KINDS[type]!
      );
    return COMPONENT_KINDS[type] ?? CREDENTIAL_CLASSES[type] ?? OPPORTUNITY_KINDS[type] ?? 'course';
  };

  const conditions: ConditionContext = {
    index,
    identity,
    unsupported: (id) => isUnsupportedComponentType(typeAt(id)),
    warn,
    checkProperties,
    used: new Set(),
  };

  const credentials = new Map<string, CredentialInput>();
  const needs = new Map<string, Set<string>>(); // credential → credentials its record names
  const build = (key: string) => {
    // The proxied node first when it is a component itself: its name and credits lead.
    const comps = [...(members.get(key) ?? [])].sort(
      (a, b) => Number(b === key) - Number(a === key),
    );
    // The described resource a component stands for (a proxied Course or credential).
    const record = comps.includes(key) ? undefined : nodes.get(key);
    const stored = !record && !comps.includes(key) ? catalogue?.credential(key) : undefined;
    const main = record ?? nodes.get(comps[0] ?? key);
    if (record) checkProperties(key, key, records.has(key) ? 'record' : 'component', record);
    for (const c of comps) checkProperties(c, c, 'component', nodes.get(c)!);
    if (comps.length && !record && !stored && !comps.includes(key))
      warn(
        comps[0]!,
        `proxyFor ${key} is not described in the files of this import nor in the catalogue: the component's own name and credits are used`,
      );

    // Credits: the record's (the course itself), else a component's, else the stored ones.
    const recordCredits = record ? creditsOf(key, record) : undefined;
    let credits = recordCredits;
    let creditsFrom = key;
    for (const c of comps) {
      const own = creditsOf(c, nodes.get(c)!);
      if (own === undefined) continue;
      if (credits === undefined) {
        credits = own;
        creditsFrom = c;
      } else if (own.credits !== credits.credits)
        warn(
          c,
          `credit value ${own.creditsOriginal ?? own.credits} conflicts with ${credits.creditsOriginal ?? credits.credits} given by ${creditsFrom}${fileOf(creditsFrom) !== fileOf(c) ? ` in ${fileOf(creditsFrom)}` : ''}: ${credits.credits} ECTS kept`,
        );
    }

    // Rules from the components' conditions.
    const award: RequirementNode[] = [];
    const entry: RequirementNode[] = [];
    const precedes = new Set<string>();
    let isSlot = false;
    const recordType = record ? (typeOf(record) ?? '') : '';
    for (const c of comps) {
      const node = nodes.get(c)!;
      const type = typeOf(node) ?? '';
      const children = refs(node.hasChild)
        .map((r) => identity(resolve(r).id))
        .filter((x): x is string => x !== undefined && x !== key);
      const rules = refs(node.hasCondition)
        .map((r, i) => conditionRule(conditions, c, r, `${c} hasCondition[${i}]`, children))
        .filter((r): r is RequirementNode => r !== undefined);
      const prerequisites = refs(node.prerequisite)
        .map((p) => resolve(p).id)
        .flatMap((p) => {
          const x = identity(p);
          if (x !== undefined && x !== key) return [x];
          warn(c, `prerequisite "${p}" is not a component in the files of this import: skipped`);
          return [];
        });
      for (const p of refs(node.precedes)) {
        const id = resolve(p).id;
        const x = identity(id);
        if (x !== undefined && x !== key) precedes.add(x);
        else warn(c, `precedes "${id}" is not a component in the files of this import: skipped`);
      }
      const takenDirectly = record
        ? recordType in OPPORTUNITY_KINDS || EXAM_CLASSES.has(recordType)
        : TAKEN_DIRECTLY.has(type) || EXAM_CLASSES.has(type);
      // A slot that only selects among others ("Humanities elective, 3 credits: one of
      // these") is completed by its selection; a real course has a proxy or a course code.
      const slot =
        takenDirectly && !record && text(node.codedNotation) === undefined && rules.some(selects);
      if (slot) isSlot = true;
      const entryConditions = takenDirectly && !slot;
      if (entryConditions) entry.push(...rules);
      else award.push(...rules);
      if (prerequisites.length) entry.push({ op: 'ALL', accepts: [...new Set(prerequisites)] });
      if (!rules.length && children.length) {
        if (entryConditions)
          warn(c, `hasChild on a ${type} without a condition: children are not required`);
        else award.push({ op: 'ALL', accepts: [...new Set(children)] });
      }
    }
    const awardRule = allOf(award);
    const entryRule = allOf(entry);
    const qualification =
      destinations.has(key) ||
      comps.some((c) => destinations.has(c)) ||
      stored?.qualification === true;

    if (stored) {
      // Already in the catalogue: written again only to add what the pathway says about it.
      if (!awardRule && !entryRule && !precedes.size && qualification === stored.qualification)
        return;
      if ((awardRule && stored.awardRule) || (entryRule && stored.entryRule))
        warn(comps[0]!, `the conditions stated here replace the rules stored for ${key}`);
      const { awardRule: a, entryRule: e, ...rest } = stored;
      credentials.set(key, {
        ...rest,
        qualification,
        precedes: [...new Set([...stored.precedes, ...precedes])],
        ...((awardRule ?? a) ? { awardRule: awardRule ?? a } : {}),
        ...((entryRule ?? e) ? { entryRule: entryRule ?? e } : {}),
      });
      needs.set(key, new Set([...ruleIds(awardRule), ...ruleIds(entryRule), ...precedes]));
      return;
    }

    const title =
      (record && titleOf(record)) ?? comps.map((c) => titleOf(nodes.get(c)!)).find(Boolean);
    if (!title) warn(comps[0] ?? key, 'component has no name: its id is used as title');
    const describedBy = [record, ...comps.map((c) => nodes.get(c)!)].filter(
      (n): n is Obj => n !== undefined,
    );
    const description = describedBy.map((n) => text(n.description)).find(Boolean);
    const provider = describedBy.map((n) => providerOf(key, n.offeredBy, n.ownedBy)).find(Boolean);
    const url = describedBy.map((n) => urlOf(n.subjectWebpage)).find((u) => u.url);
    // Scheduled offerings (hasOffering): when and how it runs.
    const offerings = describedBy
      .flatMap((n) => refs(n.hasOffering))
      .flatMap((r) => {
        const { id, node } = resolve(r);
        const at = id || key;
        if (!node) {
          warn(key, `hasOffering "${id}" is not described in the files of this import: skipped`);
          return [];
        }
        checkProperties(at, at, 'ScheduledOffering', node);
        const reading = readScheduledOffering(id, node);
        if (!reading.ok) {
          warn(at, `ScheduledOffering: ${reading.reason}: not mapped`);
          return [];
        }
        for (const note of reading.notes) warn(at, `ScheduledOffering: ${note}`);
        return [reading.offering];
      });
    credentials.set(key, {
      id: key,
      title: title ?? key,
      kind: isSlot ? 'module' : kindOf(main!),
      qualification,
      ...(description ? { description } : {}),
      ...(credits ?? { credits: 0 }),
      ...(provider ? { provider } : {}),
      ...(url ?? {}),
      ...(awardRule ? { awardRule } : {}),
      ...(entryRule ? { entryRule } : {}),
      ...(offerings.length ? { offerings } : {}),
      precedes: [...precedes],
    });
    needs.set(key, new Set([...ruleIds(awardRule), ...ruleIds(entryRule), ...precedes]));
  };
  for (const key of new Set([...components.map((c) => identity(c)!), ...records])) build(key);

  // 5. Transfer-value profiles → recognitions (their source and target become credentials).
  const recognitions = new Map<string, RecognitionInput[]>(); // by the file describing the TVP
  const opportunity = (r: string | Obj, tvp: string): string | undefined => {
    const { id: refId, node } = resolve(r);
    const known = refId ? identity(refId) : undefined;
    if (known !== undefined) return known;
    if (!node) {
      warn(tvp, `"${refId}" is not described in the files of this import: not mapped`);
      return undefined;
    }
    const id = refId || `${tvp}#${text(node.name) ?? 'unnamed'}`;
    const type = typeOf(node) ?? '';
    const kind = OPPORTUNITY_KINDS[type] ?? CREDENTIAL_CLASSES[type];
    if (!kind) {
      warn(tvp, `${type || 'an untyped node'} ${id} cannot be a credential: not mapped`);
      return undefined;
    }
    if (!credentials.has(id)) {
      credentials.set(id, {
        id,
        title: titleOf(node) ?? id,
        kind,
        ...(text(node.description) ? { description: text(node.description) } : {}),
        ...(creditsOf(id, node) ?? { credits: 0 }),
        ...((p) => (p ? { provider: p } : {}))(providerOf(tvp, node.offeredBy, node.ownedBy)),
        ...urlOf(node.subjectWebpage),
      });
      needs.set(id, new Set());
    }
    return id;
  };
  const tvpNeeds = new Map<string, string[]>(); // TVP → credentials it names
  for (const id of order) {
    const tvp = nodes.get(id)!;
    if (typeOf(tvp) !== 'TransferValueProfile') continue;
    checkProperties(id, id, 'TransferValueProfile', tvp);
    const from = refs(tvp.transferValueFrom)
      .map((r) => opportunity(r, id))
      .filter((x): x is string => x !== undefined);
    const to = refs(tvp.transferValueFor)
      .map((r) => opportunity(r, id))
      .filter((x): x is string => x !== undefined);
    tvpNeeds.set(id, [...from, ...to]);
    if (!to.length) {
      warn(
        id,
        'transfer-value profile has no transferValueFor that could be mapped: its credit value is not a recognition between two credentials (sources imported as credentials only)',
      );
      continue;
    }
    for (const profile of many(tvp.transferValue))
      if (isObj(profile)) checkProperties(id, `${id} transferValue`, 'ValueProfile', profile);
    const value = readCredits(tvp.transferValue);
    const start = isoDate(text(tvp.startDate));
    const end = isoDate(text(tvp.endDate));
    const list = recognitions.get(fileOf(id)) ?? [];
    recognitions.set(fileOf(id), list);
    for (const f of from)
      for (const t of to)
        if (f !== t)
          list.push({
            from: f,
            to: t,
            ...(value.kind === 'credits' ? { credits: value.credits } : {}),
            ...(start ? { validFrom: start } : {}),
            ...(end ? { validUntil: end } : {}),
            source: id,
          });
  }

  // 6. Everything else is reported once per type, where it is described.
  const unmapped = new Map<string, Map<string, string[]>>(); // file → type → ids
  for (const id of order) {
    const type = typeAt(id) || '(untyped)';
    if (type === 'ComponentCondition' && !conditions.used.has(id)) {
      warn(
        id,
        'condition is not attached to any component in the files of this import: not imported',
      );
      continue;
    }
    if (
      isComponentType(type) ||
      isUnsupportedComponentType(type) ||
      CONSUMED.has(type) ||
      ORGANIZATIONS.has(type) ||
      type === 'TransferValueProfile' ||
      type in OPPORTUNITY_KINDS ||
      credentials.has(id)
    )
      continue;
    for (const file of filesOf(id)) {
      const byType = unmapped.get(file) ?? new Map<string, string[]>();
      unmapped.set(file, byType);
      byType.set(type, [...(byType.get(type) ?? []), id]);
    }
  }
  for (const [owner, by] of undescribedOwners)
    if (!providers.has(owner))
      warn(
        by,
        `owning or offering organisation ${owner} is not described in the files of this import: no provider set`,
      );

  // 7. One document per file: what it describes, and everything that needs.
  return files.map((file) => {
    const own = index.fileOrder.get(file.name) ?? [];
    const roots = new Set<string>();
    for (const id of own) {
      const key = identity(id);
      if (key !== undefined) roots.add(key);
      for (const x of tvpNeeds.get(id) ?? []) roots.add(x);
      if (typeAt(id) === 'Pathway')
        for (const r of refs(nodes.get(id)!.hasDestinationComponent)) {
          const x = identity(resolve(r).id);
          if (x !== undefined) roots.add(x);
        }
    }
    const included: string[] = [];
    const queue = [...roots];
    const seen = new Set<string>();
    for (let next = 0; next < queue.length; next++) {
      const id = queue[next]!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (credentials.has(id)) included.push(id);
      for (const next of needs.get(id) ?? []) queue.push(next);
    }
    const docCredentials = included.map((id) => credentials.get(id)!);
    const providerIds = new Set([
      ...own.filter((id) => providers.has(id)),
      ...docCredentials.map((c) => c.provider).filter((p): p is string => !!p && providers.has(p)),
    ]);
    const localPathways = pathways.filter((p) => own.includes(p));
    const list = warnings.get(file.name)!;
    for (const [type, ids] of unmapped.get(file.name) ?? [])
      list.push({
        node: groupName(ids, type),
        message: `${type} is not part of the graph model: not imported`,
      });
    for (const [key, ids] of unread.get(file.name) ?? []) {
      const [type, property] = key.split('\u0000') as [string, string];
      list.push({
        node: groupName([...ids], type),
        message: `property ${property} of ${type} is not mapped: ignored`,
      });
    }
    const assumed = assumedUnits.get(file.name) ?? 0;
    if (assumed)
      list.push({
        node: file.name,
        message: `${assumed} credit value${assumed === 1 ? '' : 's'} name no unit: read as US semester credit hours (1 = 2 ECTS)`,
      });
    return {
      file: file.name,
      document: {
        name: text(localPathways.map((p) => nodes.get(p)!.name ?? null)) ?? file.name,
        providers: [...providerIds].map((id) => providers.get(id)!),
        credentials: docCredentials,
        recognitions: recognitions.get(file.name) ?? [],
        creditConversions: conversionsFor([
          ...docCredentials.map((c) => c.creditSystem),
          ...(recognitions.get(file.name) ?? []).map((r) => r.creditSystem),
        ]),
      },
      warnings: list,
      pathways: localPathways,
    };
  });
}

function groupName(ids: string[], type: string): string {
  return ids.length === 1
    ? ids[0]!
    : `${ids.length} ${type} nodes: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`;
}

/** Every credential id a rule names. */
function ruleIds(rule: RequirementNode | undefined): string[] {
  if (!rule) return [];
  return [...(rule.accepts ?? []), ...(rule.children ?? []).flatMap(ruleIds)];
}

function urlOf(v: Json | undefined): { url?: string } {
  const t = text(v);
  return t && URL.canParse(t) && /^https?:/.test(t) ? { url: t } : {};
}

function isoDate(t: string | undefined): string | undefined {
  const m = t ? /^\d{4}-\d{2}-\d{2}/.exec(t) : null;
  return m ? m[0] : undefined;
}
