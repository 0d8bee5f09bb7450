/** Thrown when the mock itself is used wrongly (an unknown session, a bad fault): the message says how to fix it. */
export class MockDinoAiUsageError extends Error {
  override name = 'MockDinoAiUsageError'
}
