/**
 * The header check every CSV importer shares (src/importers/columns.ts): loose matching,
 * near-misses of imported columns refused with a suggestion, unknown columns warned about by
 * name, known columns left out on purpose listed, repeated columns caught. Pure.
 */
import { checkHeader, editDistance, type KnownColumn } from '../../src/importers/columns.js';

const KNOWN: KnownColumn[] = [
  { name: 'Course ID', required: true },
  { name: 'Prerequisites' },
  { name: 'Corequisites' },
  { name: 'Strict-Corequisites' },
  { name: 'Credit Hours', required: true },
  { name: 'Canonical Name', notImported: true },
];
const at = { file: 'x.csv', line: 4 };
const messages = (ps: { message: string }[]) => ps.map((p) => p.message);

describe('checkHeader', () => {
  it('matches loosely (case, spaces, _ and -) and lists the known columns not imported', () => {
    const check = checkHeader(
      ['course_id', 'PREREQUISITES', 'Strict_Corequisites', 'Credit Hours', 'Canonical Name', ''],
      KNOWN,
      at,
    );
    expect([...check.index]).toEqual([
      ['Course ID', 0],
      ['Prerequisites', 1],
      ['Strict-Corequisites', 2],
      ['Credit Hours', 3],
      ['Canonical Name', 4],
    ]);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.notImported).toEqual(['Canonical Name']);
  });

  it('refuses a near-miss of an imported column with a suggestion, at the header line', () => {
    const check = checkHeader(
      ['Course ID', 'Prerequisites', 'Corequisites', 'Strict-Corequistes', 'Credit Hours'],
      KNOWN,
      at,
    );
    expect(check.errors).toEqual([
      {
        file: 'x.csv',
        line: 4,
        message:
          'column 4 "Strict-Corequistes" is not a known column: did you mean "Strict-Corequisites"? (rename it; its values would otherwise be lost)',
      },
    ]);
    expect(check.index.has('Strict-Corequisites')).toBe(false);
  });

  it('warns about an unknown column by name; a column the header has is no suggestion for another', () => {
    const check = checkHeader(
      ['Course ID', 'Prerequisites', 'CoPrerequisites', 'Credit Hours', 'Notes'],
      KNOWN,
      at,
    );
    expect(check.errors).toEqual([]);
    expect(messages(check.warnings)).toEqual([
      'unknown column 3 "CoPrerequisites": not imported',
      'unknown column 5 "Notes": not imported',
    ]);
    // Without Prerequisites in the header, the same name is taken for a misspelling of it.
    const alone = checkHeader(['Course ID', 'CoPrerequisites', 'Credit Hours'], KNOWN, at);
    expect(messages(alone.errors)).toEqual([
      'column 2 "CoPrerequisites" is not a known column: did you mean "Prerequisites"? (rename it; its values would otherwise be lost)',
    ]);
  });

  it('a near-miss of a column not imported anyway is a warning with the suggestion', () => {
    const check = checkHeader(['Course ID', 'Credit Hours', 'Canonical Nme'], KNOWN, at);
    expect(check.errors).toEqual([]);
    expect(messages(check.warnings)).toEqual([
      'unknown column 3 "Canonical Nme" (did you mean "Canonical Name"?): not imported',
    ]);
  });

  it('a missing required column is named once, with a suggestion when a column is close', () => {
    expect(messages(checkHeader(['Course ID', 'Prerequisites'], KNOWN, at).errors)).toEqual([
      'malformed header: missing column "Credit Hours" (found "Course ID", "Prerequisites")',
    ]);
    expect(messages(checkHeader(['Course ID', 'Credit Hour'], KNOWN, at).errors)).toEqual([
      'column 2 "Credit Hour" is not a known column: did you mean "Credit Hours"? (rename it; its values would otherwise be lost)',
    ]);
  });

  it('refuses a repeated imported column (the second would be ignored)', () => {
    const check = checkHeader(
      ['Course ID', 'Prerequisites', 'Credit Hours', 'prerequisites'],
      KNOWN,
      at,
    );
    expect(messages(check.errors)).toEqual([
      'column 4 "prerequisites" repeats column 2 "Prerequisites"; only the first is read',
    ]);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours', () => {
    expect(editDistance('strictcorequistes', 'strictcorequisites')).toBe(1);
    expect(editDistance('credithours', 'credithuors')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('coprerequisites', 'prerequisites')).toBe(2);
  });
});
