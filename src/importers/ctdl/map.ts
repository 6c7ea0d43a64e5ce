import type { CatalogueDocumentInput, CredentialKind, RequirementNode } from '../../model/index.js';
import { allOf, conditionRule, type ConditionContext } from './conditions.js';
import { readCredits } from './credits.js';
import { indexNodes } from './nodes.js';
import { localName, refs, text, typeOf, type Json, type Obj } from '../jsonld.js';

/**
 * CTDL pathways (and transfer-value profiles) → a native catalogue document. Pure: the
 * caller reads the file and writes the result through importCatalogue. Everything that is
 * not mapped is reported as a warning naming its node, never dropped silently.
 *
 * - Every PathwayComponent (and a credential class such as ceterms:Certification used as a
 *   component) becomes a Credential whose id is its `@id` (CTDL ids are registry URIs or CTIDs,
 *   globally unique); blank nodes (`_:x`) are namespaced with the file name.
 * - ComponentConditions become rule trees: `requiredNumber` n over the targets and nested
 *   conditions → ALL (n = all), ANY (n = 1) or N_OF n; without n, `logicalOperator` And →
 *   ALL, Or → ANY; several conditions on one component → ALL of them; a credit constraint
 *   (`creditValue` ≥ x) → MIN_CREDITS.
 * - Conditions on containers (Credential, Basic, Competency components) are *award* rules
 *   (the component is earned by stacking: STACKS_INTO is derived); conditions on things one
 *   takes directly (Course and Assessment components, credential classes such as a
 *   Certification exam) are *entry* rules, as is `prerequisite`. `precedes` is suggested order.
 * - TransferValueProfiles become Recognitions from each `transferValueFrom` to each
 *   `transferValueFor`, with the transfer value in ECTS and start/end dates.
 */

export interface CtdlWarning {
  /** The node the warning is about (an id, or a description when it has none). */
  node: string;
  message: string;
}

export interface CtdlMapping {
  document: CatalogueDocumentInput;
  warnings: CtdlWarning[];
  pathways: string[];
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

/** Learning opportunities a transfer value can come from. */
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
const CONSUMED = new Set(['ComponentCondition', 'Constraint', 'ValueProfile', 'Pathway']);

const isComponentType = (t: string) =>
  t in COMPONENT_KINDS || t in CREDENTIAL_CLASSES || t.endsWith('Component');

export function mapCtdl(documents: unknown[], fileName: string): CtdlMapping {
  const warnings: CtdlWarning[] = [];
  const warn = (node: string, message: string) => warnings.push({ node, message });

  // 1. Every node with a type, top-level or embedded, by id.
  const index = indexNodes(documents, fileName);
  const { nodes, order, resolve } = index;

  // 2. Providers: organisations described in the file.
  const providers = new Map<string, ProviderInput>();
  for (const id of order) {
    const node = nodes.get(id)!;
    if (!ORGANIZATIONS.has(typeOf(node) ?? '')) continue;
    const name = text(node.name);
    if (name) providers.set(id, { id, name, ...urlOf(node.subjectWebpage) });
    else warn(id, `${typeOf(node)} has no name: not mapped to a provider`);
  }
  const undescribedOwners = new Set<string>();
  const providerOf = (...owners: (Json | undefined)[]): string | undefined => {
    for (const o of owners)
      for (const r of refs(o)) {
        const { id } = resolve(r);
        if (providers.has(id)) return id;
        if (id) undescribedOwners.add(id);
      }
    return undefined;
  };

  // 3. Pathways: their destinations are the qualifications.
  const pathways = order.filter((id) => typeOf(nodes.get(id)!) === 'Pathway');
  const destinations = new Map<string, string>();
  for (const id of pathways) {
    const p = nodes.get(id)!;
    for (const r of refs(p.hasDestinationComponent)) destinations.set(resolve(r).id, id);
  }
  for (const id of order) {
    const node = nodes.get(id)!;
    for (const r of refs(node.isDestinationComponentFor))
      if (!destinations.has(id)) destinations.set(id, resolve(r).id);
  }

  // 4. Components → credentials (rules come after every id is known).
  const components = order.filter((id) => {
    const t = typeOf(nodes.get(id)!) ?? '';
    if (!isComponentType(t)) return false;
    if (t in COMPONENT_KINDS || t in CREDENTIAL_CLASSES) return true;
    warn(
      id,
      `component type ${t} is not supported: not imported, and conditions naming it skip it`,
    );
    return false;
  });
  const componentIds = new Set(components);
  let assumedUnits = 0;

  const creditsOf = (id: string, node: Obj) => {
    const reading = readCredits(node.creditValue);
    if (reading.kind === 'unknown-unit') {
      warn(
        id,
        `credit unit "${reading.unit}" has no ECTS conversion: credits set to 0 (value ${reading.value} kept in creditsOriginal)`,
      );
      return { credits: 0, creditSystem: localName(reading.unit), creditsOriginal: reading.value };
    }
    if (reading.kind === 'none') return { credits: 0 };
    if (reading.assumedUnit) assumedUnits++;
    const { kind: _k, assumedUnit: _a, ...credits } = reading;
    return credits;
  };

  // 5. Rule trees from conditions (conditions.ts).
  const conditions: ConditionContext = { index, components: componentIds, warn, used: new Set() };

  const credentials: CredentialInput[] = [];
  for (const id of components) {
    const node = nodes.get(id)!;
    const type = typeOf(node)!;
    const credentialType = localName(text(node.credentialType) ?? '');
    const kind =
      type === 'CredentialComponent' || type === 'BasicComponent'
        ? (CREDENTIAL_CLASSES[credentialType] ?? COMPONENT_KINDS[type]!)
        : (COMPONENT_KINDS[type] ?? CREDENTIAL_CLASSES[type]!);
    const rules = refs(node.hasCondition)
      .map((c, i) => conditionRule(conditions, id, c, `${id} hasCondition[${i}]`))
      .filter((r): r is RequirementNode => r !== undefined);
    const children = refs(node.hasChild)
      .map((c) => resolve(c).id)
      .filter((c) => componentIds.has(c) && c !== id);
    const prerequisites = refs(node.prerequisite)
      .map((p) => resolve(p).id)
      .filter((p) => {
        if (componentIds.has(p) && p !== id) return true;
        warn(id, `prerequisite "${p}" is not a component in this file: skipped`);
        return false;
      });
    const entryConditions = TAKEN_DIRECTLY.has(type) || type in CREDENTIAL_CLASSES;
    const awardRule = entryConditions
      ? undefined
      : (allOf(rules) ??
        (children.length ? { op: 'ALL' as const, accepts: [...new Set(children)] } : undefined));
    const entryRules = [
      ...(prerequisites.length
        ? [{ op: 'ALL' as const, accepts: [...new Set(prerequisites)] }]
        : []),
      ...(entryConditions ? rules : []),
    ];
    const entryRule = allOf(entryRules);
    if (entryConditions && children.length && !rules.length)
      warn(id, `hasChild on a ${type} without a condition: children are not required`);
    // A course code belongs in the title advisers read ("Gas Metal Arc Welding II (WE111)").
    const coded = text(node.codedNotation);
    const name = text(node.name);
    const title = name && coded && !name.includes(coded) ? `${name} (${coded})` : (name ?? coded);
    if (!title) warn(id, 'component has no name: its id is used as title');
    const provider = providerOf(node.offeredBy, node.ownedBy);
    credentials.push({
      id,
      title: title ?? id,
      kind,
      qualification: destinations.has(id),
      ...(text(node.description) ? { description: text(node.description) } : {}),
      ...creditsOf(id, node),
      ...(provider ? { provider } : {}),
      ...urlOf(node.subjectWebpage),
      ...(awardRule ? { awardRule } : {}),
      ...(entryRule ? { entryRule } : {}),
      precedes: refs(node.precedes)
        .map((p) => resolve(p).id)
        .filter((p) => {
          if (componentIds.has(p) && p !== id) return true;
          warn(id, `precedes "${p}" is not a component in this file: skipped`);
          return false;
        }),
    });
  }

  // 6. Transfer-value profiles → recognitions (their source and target become credentials).
  const recognitions: RecognitionInput[] = [];
  const extra = new Map<string, CredentialInput>();
  const opportunity = (r: string | Obj, tvp: string): string | undefined => {
    const { id: refId, node } = resolve(r);
    if (!node) {
      warn(tvp, `"${refId}" is not described in the file: not mapped`);
      return undefined;
    }
    const id = refId || `${tvp}#${text(node.name) ?? 'unnamed'}`;
    if (componentIds.has(id)) return id;
    const type = typeOf(node) ?? '';
    const kind = OPPORTUNITY_KINDS[type] ?? CREDENTIAL_CLASSES[type];
    if (!kind) {
      warn(tvp, `${type || 'an untyped node'} ${id} cannot be a credential: not mapped`);
      return undefined;
    }
    if (!extra.has(id)) {
      const provider = providerOf(node.offeredBy, node.ownedBy);
      extra.set(id, {
        id,
        title: text(node.name) ?? id,
        kind,
        ...(text(node.description) ? { description: text(node.description) } : {}),
        ...creditsOf(id, node),
        ...(provider ? { provider } : {}),
        ...urlOf(node.subjectWebpage),
      });
    }
    return id;
  };
  for (const id of order) {
    const tvp = nodes.get(id)!;
    if (typeOf(tvp) !== 'TransferValueProfile') continue;
    const from = refs(tvp.transferValueFrom)
      .map((r) => opportunity(r, id))
      .filter((x): x is string => x !== undefined);
    const to = refs(tvp.transferValueFor)
      .map((r) => opportunity(r, id))
      .filter((x): x is string => x !== undefined);
    if (!to.length) {
      warn(
        id,
        'transfer-value profile has no transferValueFor that could be mapped: its credit value is not a recognition between two credentials (sources imported as credentials only)',
      );
      continue;
    }
    const value = readCredits(tvp.transferValue);
    const start = isoDate(text(tvp.startDate));
    const end = isoDate(text(tvp.endDate));
    for (const f of from)
      for (const t of to)
        if (f !== t)
          recognitions.push({
            from: f,
            to: t,
            ...(value.kind === 'credits' ? { credits: value.credits } : {}),
            ...(start ? { validFrom: start } : {}),
            ...(end ? { validUntil: end } : {}),
            source: id,
          });
  }

  // 7. Everything else is reported once per type.
  const unmapped = new Map<string, string[]>();
  for (const id of order) {
    const type = typeOf(nodes.get(id)!) ?? '(untyped)';
    if (type === 'ComponentCondition' && !conditions.used.has(id)) {
      warn(id, 'condition is not attached to any component in the file: not imported');
      continue;
    }
    if (
      isComponentType(type) ||
      CONSUMED.has(type) ||
      ORGANIZATIONS.has(type) ||
      type === 'TransferValueProfile' ||
      type in OPPORTUNITY_KINDS ||
      extra.has(id)
    )
      continue;
    unmapped.set(type, [...(unmapped.get(type) ?? []), id]);
  }
  for (const [type, ids] of unmapped)
    warn(
      ids.length === 1
        ? ids[0]!
        : `${ids.length} ${type} nodes: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`,
      `${type} is not part of the graph model: not imported`,
    );
  if (assumedUnits)
    warn(
      fileName,
      `${assumedUnits} credit value${assumedUnits === 1 ? '' : 's'} name no unit: read as US semester credit hours (1 = 2 ECTS)`,
    );
  for (const owner of undescribedOwners)
    if (!providers.has(owner))
      warn(owner, 'owning or offering organisation is not described in the file: no provider set');

  return {
    document: {
      name: text(pathways.map((p) => nodes.get(p)!.name ?? null)) ?? fileName,
      providers: [...providers.values()],
      credentials: [...credentials, ...[...extra.values()].filter((c) => !componentIds.has(c.id))],
      recognitions,
    },
    warnings,
    pathways,
  };
}

function urlOf(v: Json | undefined): { url?: string } {
  const t = text(v);
  return t && URL.canParse(t) && /^https?:/.test(t) ? { url: t } : {};
}

function isoDate(t: string | undefined): string | undefined {
  const m = t ? /^\d{4}-\d{2}-\d{2}/.exec(t) : null;
  return m ? m[0] : undefined;
}
