/** "1 commit", "3 commits": counts shown to people (report, CLI, risk explanations) read as English. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
