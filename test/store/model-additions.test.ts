/**
 * The model fields added for the ESCO and CurricularAnalytics importers travel through the
 * native catalogue import too: ISCO groups, occupation broader links, skill-skill relations,
 * strict co-requisites and reference plans are written, read back unchanged, validated
 * (unknown references rejected) and replaced on re-import.
 */
import {
  CatalogueValidationError,
  parseCatalogue,
  type CatalogueDocumentInput,
} from '../../src/model/index.js';
import { importCatalogue, readCatalogue } from '../../src/store/index.js';
import { graphDump } from '../support/graphDump.js';
import { emptyDatabaseForEachTest, testDriver } from '../support/neo4j.js';

const doc = (): CatalogueDocumentInput => ({
  skills: [
    { id: 'esco:g', label: 'group', group: true, code: 'S1' },
    {
      id: 'esco:a',
      label: 'skill a',
      description: 'Does a.',
      broader: ['esco:g'],
      essentialSkills: ['esco:b'],
      optionalSkills: ['esco:c'],
    },
    { id: 'esco:b', label: 'skill b' },
    { id: 'esco:c', label: 'skill c' },
  ],
  iscoGroups: [
    { id: 'isco:C2', code: '2', label: 'Professionals' },
    { id: 'isco:C25', code: '25', label: 'ICT professionals', broader: ['isco:C2'] },
  ],
  occupations: [
    { id: 'occ:x', label: 'x', code: '25.1', broader: ['isco:C25'], essentialSkills: ['esco:a'] },
    { id: 'occ:y', label: 'y', broader: ['occ:x'], optionalSkills: ['esco:b'] },
  ],
  credentials: [
    { id: 'c1', title: 'C1', kind: 'course', credits: 2 },
    { id: 'c2', title: 'C2', kind: 'course', credits: 2, strictCorequisites: ['c1'] },
    {
      id: 'q',
      title: 'Q',
      kind: 'degree',
      qualification: true,
      credits: 4,
      awardRule: { op: 'ALL', accepts: ['c1', 'c2'] },
      referencePlan: [
        { credential: 'c2', term: 1 },
        { credential: 'c1', term: 1 },
      ],
    },
  ],
});

const driver = testDriver();
emptyDatabaseForEachTest(driver);

describe('model additions through the native catalogue import', () => {
  it('are written, read back as authored, and re-import changes nothing', async () => {
    await importCatalogue(driver, doc());
    const { doc: back } = await readCatalogue(driver);
    const expected = parseCatalogue(doc());
    if (!expected.ok) throw new Error(JSON.stringify(expected.issues));
    const { name: _name, ...want } = expected.value;
    expect(back.iscoGroups).toEqual(want.iscoGroups);
    expect(back.skills.find((s) => s.id === 'esco:a')).toEqual(
      want.skills.find((s) => s.id === 'esco:a'),
    );
    for (const o of want.occupations) expect(back.occupations).toContainEqual(o);
    expect(back.credentials.find((c) => c.id === 'c2')?.strictCorequisites).toEqual(['c1']);
    expect(back.credentials.find((c) => c.id === 'c2')?.corequisites).toEqual([]);
    expect(back.credentials.find((c) => c.id === 'q')?.referencePlan).toEqual([
      { credential: 'c2', term: 1 },
      { credential: 'c1', term: 1 },
    ]);

    const dump = await graphDump(driver);
    await importCatalogue(driver, doc());
    expect(await graphDump(driver)).toEqual(dump);
  });

  it('re-import replaces the links a document owns', async () => {
    await importCatalogue(driver, doc());
    const changed = doc();
    changed.skills![1] = { id: 'esco:a', label: 'skill a', optionalSkills: ['esco:b'] };
    changed.occupations![1] = { id: 'occ:y', label: 'y', broader: ['isco:C2'] };
    changed.credentials![1] = { id: 'c2', title: 'C2', kind: 'course', credits: 2 };
    await importCatalogue(driver, changed);
    const { doc: back } = await readCatalogue(driver);
    const a = back.skills.find((s) => s.id === 'esco:a')!;
    expect([a.essentialSkills, a.optionalSkills, a.broader]).toEqual([undefined, ['esco:b'], []]);
    expect(back.occupations.find((o) => o.id === 'occ:y')?.broader).toEqual(['isco:C2']);
    expect(back.credentials.find((c) => c.id === 'c2')?.strictCorequisites).toBeUndefined();
  });

  it('unknown references are rejected with their paths, and nothing is written', async () => {
    const bad = doc();
    bad.skills![1] = { id: 'esco:a', label: 'a', essentialSkills: ['esco:nope'] };
    bad.occupations![0] = { id: 'occ:x', label: 'x', broader: ['isco:nope'] };
    bad.iscoGroups![1] = { id: 'isco:C25', code: '25', label: 'ICT', broader: ['isco:C9'] };
    bad.credentials![1] = {
      id: 'c2',
      title: 'C2',
      kind: 'course',
      credits: 2,
      strictCorequisites: ['c9'],
    };
    bad.credentials![2] = {
      ...bad.credentials![2]!,
      referencePlan: [{ credential: 'c9', term: 0 }],
    };
    let error: unknown;
    try {
      await importCatalogue(driver, bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CatalogueValidationError);
    const issues = (error as CatalogueValidationError).issues.map(
      (i) => `${i.path.join('.')}: ${i.message}`,
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'skills.1.essentialSkills.0: unknown skill "esco:nope"',
        'occupations.0.broader.0: unknown occupation or ISCO group "isco:nope"',
        'iscoGroups.1.broader.0: unknown ISCO group "isco:C9"',
        'credentials.1.strictCorequisites.0: unknown credential "c9"',
        expect.stringMatching(/^credentials\.2\.referencePlan\.0\.term: /),
      ]),
    );
    const n = await driver.executeQuery('MATCH (n) RETURN count(n) AS n');
    expect(n.records[0]!.get('n')).toBe(0);
  });
});
