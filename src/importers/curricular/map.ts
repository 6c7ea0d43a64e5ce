import type { CatalogueDocumentInput } from '../../model/index.js';
import type { Curriculum } from './parse.js';

/**
 * Credit conversion to ECTS (the catalogue's unit; the engine only needs one unit per
 * catalogue, and ECTS lets curricula stack with European micro-credentials): one US semester
 * credit hour = 2 ECTS (a 30-credit-hour year ≈ 60 ECTS), one quarter credit hour = 2/3 of a
 * semester hour = 4/3 ECTS. The source figure is kept in `creditsOriginal` with its
 * `creditSystem`.
 */
export const CREDIT_SYSTEMS = {
  semester: { name: 'US semester credit hours', ects: 2 },
  quarter: { name: 'US quarter credit hours', ects: 4 / 3 },
} as const;

/** Where the curricula's conversion factors come from, as the catalogue declares them. */
export const CONVENTION_SOURCE =
  'Pathways convention for US credit hours (docs/import-curricular.md): 30 semester hours a year = 60 ECTS, a quarter hour = 2/3 of a semester hour';

export function creditSystemOf(curriculum: Curriculum) {
  return /quarter/i.test(curriculum.meta['System Type'] ?? '')
    ? CREDIT_SYSTEMS.quarter
    : CREDIT_SYSTEMS.semester;
}

/**
 * ECTS for credit hours, unrounded: rounding each course would make the courses' sum differ
 * from the curriculum's total (3 × 5.333 ≠ 16).
 */
export const toEcts = (hours: number, perHour: number) => hours * perHour;

/**
 * A file's namespace: ids in CurricularAnalytics files are local to the file, so every id is
 * prefixed with one derived from the file's name (its path inside a folder import). The same
 * file imported again gets the same ids and updates in place; many curricula coexist.
 */
export function namespaceOf(fileName: string): string {
  const slug = fileName
    .replace(/\\/g, '/')
    .replace(/\.csv$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split('/')
    .map((part) => part.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `ca:${slug || 'curriculum'}`;
}

export const courseId = (namespace: string, localId: string) => `${namespace}:${localId}`;

const institutionId = (name: string) =>
  `ca-institution:${name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')}`;

/**
 * The native catalogue document for one curriculum or degree plan:
 * - every course an earnable `course` credential (credits in ECTS, hours kept), awarded by
 *   its row's institution (or the file's);
 * - prerequisites an ALL entry rule; co-requisites `corequisites` (taken together or before);
 *   strict co-requisites `strictCorequisites` (same term), kept apart;
 * - the curriculum a qualification (kind `degree`) whose award rule is ALL over its courses;
 *   `Additional Courses` of a degree plan are credentials but not degree requirements (the
 *   planner still takes them when an entry rule needs them);
 * - a degree plan's `Term` column the qualification's `referencePlan`.
 */
export function curriculumCatalogue(
  curriculum: Curriculum,
  namespace: string,
): { document: CatalogueDocumentInput; qualification: string } {
  const system = creditSystemOf(curriculum);
  const id = (local: string) => courseId(namespace, local);
  const fileInstitution = curriculum.meta['Institution'] ?? '';
  const providers = new Map<string, string>();
  const providerOf = (name: string) => {
    const n = name.trim() || fileInstitution.trim();
    if (!n) return undefined;
    const pid = institutionId(n);
    if (pid === 'ca-institution:') return undefined;
    providers.set(pid, n);
    return pid;
  };
  const credentials: NonNullable<CatalogueDocumentInput['credentials']> = curriculum.courses.map(
    (c) => {
      const code = [c.prefix, c.number].filter(Boolean).join(' ');
      const provider = providerOf(c.institution);
      return {
        id: id(c.id),
        title: c.name || code || `Course ${c.id}`,
        kind: 'course' as const,
        ...(code && c.name ? { description: code } : {}),
        credits: toEcts(c.creditHours, system.ects),
        creditSystem: system.name,
        creditsOriginal: c.creditHours,
        ...(provider ? { provider } : {}),
        ...(c.prerequisites.length
          ? { entryRule: { op: 'ALL' as const, accepts: c.prerequisites.map(id) } }
          : {}),
        corequisites: c.corequisites.map(id),
        ...(c.strictCorequisites.length
          ? { strictCorequisites: c.strictCorequisites.map(id) }
          : {}),
      };
    },
  );
  const required = curriculum.courses.filter((c) => !c.additional);
  const hours = required.reduce((sum, c) => sum + c.creditHours, 0);
  const qualification = namespace;
  const plan = curriculum.courses
    .filter((c) => c.term !== undefined)
    .map((c) => ({ credential: id(c.id), term: c.term! }));
  const meta = curriculum.meta;
  const provider = providerOf('');
  credentials.push({
    id: qualification,
    title: meta['Degree Plan'] ? `${curriculum.name} (${meta['Degree Plan']})` : curriculum.name,
    kind: 'degree',
    qualification: true,
    description: [
      meta['Degree Type'] && `Degree type ${meta['Degree Type']}`,
      meta['CIP'] && `CIP ${meta['CIP']}`,
      `${required.length} courses, ${hours} ${system.name}`,
    ]
      .filter(Boolean)
      .join('; '),
    credits: toEcts(hours, system.ects),
    creditSystem: system.name,
    creditsOriginal: hours,
    ...(provider ? { provider } : {}),
    awardRule: {
      op: 'ALL',
      label: curriculum.name,
      accepts: required.map((c) => id(c.id)),
    },
    ...(plan.length ? { referencePlan: plan } : {}),
  });
  return {
    document: {
      name: `${curriculum.name}${fileInstitution ? ` (${fileInstitution})` : ''}`,
      providers: [...providers].map(([pid, name]) => ({ id: pid, name })),
      credentials,
      // The factor the courses were converted with, declared so the engine counts them.
      creditConversions: [
        { from: system.name, to: 'ECTS', factor: system.ects, source: CONVENTION_SOURCE },
      ],
    },
    qualification,
  };
}
