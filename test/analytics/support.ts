/**
 * Small catalogues for the analytics tests, written the way CurricularAnalytics writes its
 * examples: `requisite(a, c, 'pre')` makes a a prerequisite of c.
 */
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import {
  parseCatalogue,
  formatPath,
  type CatalogueDocumentInput,
  type Credential,
} from '../../src/model/index.js';

type CredentialInput = NonNullable<CatalogueDocumentInput['credentials']>[number];

export interface CurriculumSpec {
  id?: string;
  courses: string[];
  requisites?: [from: string, to: string, kind: 'pre' | 'co' | 'strict_co'][];
  credits?: Record<string, number>;
  creditSystem?: string;
  referencePlan?: Record<string, number>;
}

/** A catalogue document with one qualification (ALL of `courses`) and its courses. */
export function curriculumDocument(spec: CurriculumSpec): CatalogueDocumentInput {
  const credentials = new Map<string, CredentialInput & Partial<Credential>>();
  for (const id of spec.courses)
    credentials.set(id, {
      id,
      title: `Course ${id}`,
      kind: 'course',
      credits: spec.credits?.[id] ?? 3,
      corequisites: [],
    });
  const pres = new Map<string, string[]>();
  for (const [from, to, kind] of spec.requisites ?? []) {
    const c = credentials.get(to)!;
    if (kind === 'pre') pres.set(to, [...(pres.get(to) ?? []), from]);
    else if (kind === 'co') c.corequisites = [...(c.corequisites ?? []), from];
    else c.strictCorequisites = [...(c.strictCorequisites ?? []), from];
  }
  for (const [to, from] of pres) credentials.get(to)!.entryRule = { op: 'ALL', accepts: from };
  const q = spec.id ?? 'degree';
  return {
    credentials: [
      ...credentials.values(),
      {
        id: q,
        title: `Degree ${q}`,
        kind: 'degree',
        qualification: true,
        credits: 0,
        ...(spec.creditSystem ? { creditSystem: spec.creditSystem } : {}),
        awardRule: { op: 'ALL', accepts: spec.courses },
        ...(spec.referencePlan
          ? {
              referencePlan: Object.entries(spec.referencePlan).map(([credential, term]) => ({
                credential,
                term,
              })),
            }
          : {}),
      },
    ],
  };
}

/** Validates a document as the importers do and projects it; throws on any issue. */
export function graphOf(doc: CatalogueDocumentInput): CatalogueGraph {
  const parsed = parseCatalogue(doc);
  if (!parsed.ok)
    throw new Error(parsed.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n'));
  return buildCatalogueGraph(parsed.value);
}
