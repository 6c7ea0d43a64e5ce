/**
 * Ends the run with one plain line, "N passed, N failed" (and skipped when any), that CI
 * systems reading closing lines understand whatever the test runner.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stderr.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed` +
        (skipped ? `, ${skipped} skipped` : '') +
        '\n',
    );
  }
}
