/** A request the store refuses: unknown session, bad name, invalid import. One line, for a person. */
export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError';
}

/** Why an import was refused, naming the file when there is one. */
export function importError(fileName: string, problem: string): string {
  return `${fileName ? `"${fileName.slice(0, 120)}"` : 'the file'} ${problem}`;
}

/** Text from a request, quoted so a refusal stays one line whatever it holds. */
export function oneLine(text: string): string {
  return JSON.stringify(text.slice(0, 80));
}
