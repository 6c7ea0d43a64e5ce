import {
  parseCatalogue,
  type CatalogueDocument,
  type CatalogueDocumentInput,
  type RequirementNode,
} from '../src/model/index.js';

/**
 * A deterministic generator of large synthetic catalogues for benchmarks. The shape follows
 * real modular programmes: modules grouped into subject areas with prerequisite chains inside
 * an area; certificates built from one area; diplomas that accept a certificate plus core,
 * elective and credit-pool rules; some modules offered by several providers with recognition
 * agreements between them.
 */
export interface SyntheticParams {
  seed: number;
  /** Earnable modules (micro-credentials, units). */
  credentials: number;
  /** Qualifications (half certificates, half diplomas stacking a certificate). */
  qualifications: number;
  /** Modules per subject area. */
  areaSize: number;
  /** Rule-tree depth below the root (1 or 2). */
  depth: number;
  /** Branches per rule node. */
  breadth: number;
  /** Accepted modules per elective leaf (alternatives). */
  alternatives: number;
  /** Probability that a module accepted in one branch is also accepted in another. */
  sharing: number;
  /** Probability that a module has an entry rule (on earlier modules of its area). */
  prerequisiteDensity: number;
  /** Fraction of modules with a recognised equivalent at another provider. */
  recognition: number;
}

export const LARGE: SyntheticParams = {
  seed: 42,
  credentials: 50_000,
  qualifications: 2_000,
  areaSize: 40,
  depth: 2,
  breadth: 4,
  alternatives: 4,
  sharing: 0.1,
  prerequisiteDensity: 0.3,
  recognition: 0.05,
};

/** Mulberry32: small, fast, seeded. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCatalogue(p: SyntheticParams): CatalogueDocumentInput {
  const rnd = random(p.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const providers = Array.from({ length: 50 }, (_, i) => ({
    id: `p${i}`,
    name: `Provider ${i}`,
    country: pick(['IE', 'NL', 'FI', 'DE', 'FR', 'ES', 'IT', 'PL']),
    qualityAssured: rnd() < 0.9,
  }));
  const areas = Math.max(1, Math.floor(p.credentials / p.areaSize));
  const credentials: NonNullable<CatalogueDocumentInput['credentials']> = [];
  const moduleIds: string[][] = [];
  for (let a = 0; a < areas; a++) {
    const provider = `p${a % providers.length}`;
    const ids: string[] = [];
    for (let k = 0; k < p.areaSize; k++) {
      const id = `m${a}.${k}`;
      const credits = pick([2, 3, 5, 5, 5, 5, 10, 10, 15]);
      const entry: RequirementNode | undefined =
        k > 2 && rnd() < p.prerequisiteDensity
          ? rnd() < 0.6
            ? { op: 'ALL', accepts: [ids[int(0, k - 1)]!] }
            : { op: 'ANY', accepts: [...new Set([ids[int(0, k - 1)]!, ids[int(0, k - 1)]!])] }
          : undefined;
      credentials.push({
        id,
        title: `Module ${a}.${k}`,
        kind: 'micro-credential',
        credits,
        eqfLevel: int(4, 7),
        provider,
        cost: credits * int(60, 140),
        hours: credits * 25,
        language: pick(['en', 'en', 'nl', 'fi', 'de']),
        mode: pick(['online', 'in-person', 'blended'] as const),
        ...(entry ? { entryRule: entry } : {}),
      });
      ids.push(id);
    }
    moduleIds.push(ids);
  }
  const recognitions: NonNullable<CatalogueDocumentInput['recognitions']> = [];
  const recognitionCount = Math.floor(credentials.length * p.recognition);
  const recognised = new Set<string>();
  for (let r = 0; r < recognitionCount; r++) {
    const from = pick(credentials).id;
    const to = pick(credentials).id;
    if (from === to || recognised.has(`${from}>${to}`)) continue;
    recognised.add(`${from}>${to}`);
    recognitions.push({ from, to, source: 'synthetic agreement' });
  }

  const leaf = (area: string[], used: Set<string>, kind: number): RequirementNode => {
    // Electives may repeat a module used elsewhere in the tree (with probability `sharing`);
    // cores never do (a real programme does not require one module twice).
    const sample = (n: number) => {
      const pool = area.filter((id) => !used.has(id) || (kind % 4 !== 0 && rnd() < p.sharing));
      const out: string[] = [];
      while (out.length < n && pool.length > 0)
        out.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]!);
      for (const id of out) used.add(id);
      return out.length > 0 ? out : [pick(area)];
    };
    switch (kind % 4) {
      case 0:
        return { op: 'ALL', label: 'Core', designation: 'core', accepts: sample(int(2, 3)) };
      case 1: {
        const accepts = sample(p.alternatives + 1);
        return {
          op: 'N_OF',
          n: Math.max(1, accepts.length - p.alternatives + 1),
          label: 'Electives',
          designation: 'elective',
          accepts,
        };
      }
      case 2:
        return {
          op: 'MIN_CREDITS',
          credits: pick([5, 10, 10, 15]),
          label: 'Credit pool',
          designation: 'elective',
          accepts: sample(p.alternatives + 2),
        };
      default:
        return { op: 'ANY', label: 'Option', accepts: sample(p.alternatives) };
    }
  };
  const tree = (area: string[], used: Set<string>, depth: number): RequirementNode =>
    depth <= 1
      ? leaf(area, used, int(0, 3))
      : {
          op: 'ALL',
          label: 'Stage',
          children: Array.from({ length: int(2, p.breadth) }, (_, i) =>
            i === 0 ? leaf(area, used, 0) : tree(area, used, depth - 1),
          ),
        };

  const certificates: string[] = [];
  for (let q = 0; q < p.qualifications; q++) {
    const area = moduleIds[q % areas]!;
    const used = new Set<string>();
    const certificate = q % 2 === 0 || certificates.length === 0;
    const id = certificate ? `cert${q}` : `dip${q}`;
    const children = Array.from({ length: int(2, p.breadth) }, () => tree(area, used, p.depth));
    const awardRule: RequirementNode = certificate
      ? { op: 'ALL', label: `Certificate ${q}`, children }
      : {
          op: 'ALL',
          label: `Diploma ${q}`,
          children: [
            { op: 'ALL', label: 'Stage 1', accepts: [certificates[certificates.length - 1]!] },
            ...children,
          ],
        };
    credentials.push({
      id,
      title: `${certificate ? 'Certificate' : 'Diploma'} ${q}`,
      kind: certificate ? 'certificate' : 'diploma',
      qualification: true,
      credits: certificate ? 30 : 60,
      provider: `p${q % providers.length}`,
      awardRule,
    });
    if (certificate) certificates.push(id);
  }
  return {
    format: 'pathways-catalogue/1',
    name: `synthetic seed ${p.seed}`,
    providers,
    credentials,
    recognitions,
  };
}

/** A catalogue document parsed, or an error naming its first problems. */
export function parsedCatalogue(doc: unknown): CatalogueDocument {
  const parsed = parseCatalogue(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return parsed.value;
}

/**
 * Two intakes a year (1 September, 1 February; 12 weeks, 24 above 10 credits) for every
 * earnable credential without offerings: the calendar the dated benchmarks plan on.
 */
export function withTwoIntakesAYear(doc: CatalogueDocument): CatalogueDocument {
  return {
    ...doc,
    credentials: doc.credentials.map((c) =>
      c.awardRule || c.offerings
        ? c
        : {
            ...c,
            offerings: [
              { intakes: ['09-01', '02-01'], durationWeeks: c.credits > 10 ? 24 : 12, open: true },
            ],
          },
    ),
  };
}
