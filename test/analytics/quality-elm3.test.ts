/**
 * The European Commission's ELM 3 micro-credential sample ($PATHWAYS_DATA/credentials/
 * europass/elm3-official/Sample-MC-Annex1-unsigned.jsonld, skipped with a message when
 * absent), read as a catalogue entry (src/importers/credentials/elmCatalogue.ts) and checked
 * against the EU standard: what it states is found, and each element taken out of it is
 * reported missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialQuality, type StandardElement } from '../../src/analytics/quality/index.js';
import { elmCatalogueEntry } from '../../src/importers/credentials/elmCatalogue.js';
import { formatPath, parseCatalogue } from '../../src/model/index.js';
import { readSettings } from '../../src/settings.js';
import { graphOf } from './support.js';

const SAMPLE = join(
  readSettings().referenceData,
  'credentials/europass/elm3-official/Sample-MC-Annex1-unsigned.jsonld',
);
const describeData = existsSync(SAMPLE) ? describe : describe.skip;
if (!existsSync(SAMPLE))
  process.stderr.write(
    `Skipping the ELM 3 quality tests: ${SAMPLE} is absent (set PATHWAYS_DATA).\n`,
  );

type Node = Record<string, unknown>;
const sample = (): Node => JSON.parse(readFileSync(SAMPLE, 'utf8')) as Node;
const claimOf = (vc: Node) => (vc.credentialSubject as Node).hasClaim as Node;
const specOf = (vc: Node) => claimOf(vc).specifiedBy as Node;

/** The sample with an accreditation of its specification: the one element it lacks. */
function accredited(vc: Node): Node {
  specOf(vc).accreditation = {
    id: 'urn:example:accreditation:1',
    type: 'Accreditation',
    title: { en: 'External quality assurance by the national agency' },
  };
  return vc;
}

function checked(vc: Node) {
  const entry = elmCatalogueEntry(vc);
  return { entry, report: credentialQuality(graphOf(entry.document)) };
}

describeData('the ELM 3 micro-credential sample against the EU standard', () => {
  it('states every element the catalogue holds but the type of quality assurance', () => {
    const { entry, report } = checked(sample());
    expect(entry.problems).toEqual([]);
    expect(entry.document.credentials).toMatchObject([
      {
        id: 'urn:epass:qualification:1',
        title: 'Digital micro-credential creation',
        credits: 2,
        hours: 60,
        eqfLevel: 6,
        nqfLevel: 'RQF Level 6',
        country: 'IE',
        provider: 'urn:epass:org:1',
        participation: 'Blended',
        assessment: 'Digital artefact assessment',
      },
    ]);
    expect(report.credentials.map((c) => [c.missing, c.failed])).toEqual([
      [['qualityAssurance'], ['qualityAssuredProvider', 'qualificationLink']],
    ]);
  });

  it('passes every element once it is accredited', () => {
    const { report } = checked(accredited(sample()));
    expect(report.credentials[0]!.missing).toEqual([]);
    // A single credential links to no full qualification of this one-entry catalogue.
    expect(report.credentials[0]!.failed).toEqual(['qualificationLink']);
  });

  const removals: [StandardElement, (vc: Node) => void][] = [
    ['country', (vc) => delete ((claimOf(vc).awardedBy as Node).awardingBody as Node).location],
    ['awardingBody', (vc) => delete claimOf(vc).awardedBy],
    ['learningOutcomes', (vc) => delete specOf(vc).learningOutcome],
    ['workload', (vc) => delete specOf(vc).creditPoint],
    [
      'level',
      (vc) => {
        delete specOf(vc).eqfLevel;
        delete specOf(vc).nqfLevel;
      },
    ],
    ['assessment', (vc) => delete claimOf(vc).provenBy],
    ['participation', (vc) => delete specOf(vc).mode],
    ['qualityAssurance', (vc) => delete specOf(vc).accreditation],
  ];
  it.each(removals)('reports %s missing when it is taken out', (element, remove) => {
    const vc = accredited(sample());
    remove(vc);
    const missing = checked(vc).report.credentials[0]!.missing;
    expect(missing).toContain(element);
    // Only what depends on it goes: the awarding body carries the issuer's country.
    expect(missing).toEqual(element === 'awardingBody' ? ['country', 'awardingBody'] : [element]);
  });

  it('is refused, naming the field, without a title: the catalogue cannot hold one', () => {
    const vc = accredited(sample());
    delete specOf(vc).title;
    delete claimOf(vc).title;
    const parsed = parseCatalogue(elmCatalogueEntry(vc).document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.issues.map((i) => formatPath(i.path))).toContain('credentials[0].title');
  });
});
