import { recognitionKey, type CatalogueDocument } from '../model/index.js';

/**
 * The native catalogue document as export writes it: every collection sorted by id (and
 * recognitions by their ends), so two exports of the same graph are byte-identical whatever
 * order Neo4j returns rows in. Rule trees, outcome skills and credential links keep their
 * authored order: it carries meaning (the order rules are explained in).
 */
export function canonicalCatalogue(doc: CatalogueDocument): CatalogueDocument {
  const byId = <T extends { id: string }>(items: T[]) =>
    [...items].sort((a, b) => compare(a.id, b.id));
  return {
    ...doc,
    providers: byId(doc.providers),
    credentials: byId(doc.credentials),
    learningOutcomes: byId(doc.learningOutcomes),
    skills: byId(doc.skills),
    occupations: byId(doc.occupations),
    ...(doc.iscoGroups ? { iscoGroups: byId(doc.iscoGroups) } : {}),
    recognitions: [...doc.recognitions].sort((a, b) =>
      compare(recognitionKey(a), recognitionKey(b)),
    ),
    ...(doc.creditConversions
      ? { creditConversions: [...doc.creditConversions].sort((a, b) => compare(a.from, b.from)) }
      : {}),
    learners: byId(doc.learners).map((l) => ({
      ...l,
      holdings: [...l.holdings].sort(
        (a, b) => compare(a.credential, b.credential) || compare(a.awardedOn, b.awardedOn),
      ),
    })),
  };
}

// Code-point order, not locale order: stable across machines.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The document as JSON text, two-space indented, ending with a newline. */
export function catalogueToJson(doc: CatalogueDocument): string {
  return `${JSON.stringify(canonicalCatalogue(doc), null, 2)}\n`;
}
