/**
 * Which files the server indexes: the `agreement.files` globs plus every pattern that the
 * user's `files.associations` maps to the `agreement` language — what the user means by "my
 * agreement files", opened or not. Pure, so that it can be tested without VS Code.
 */

export const DEFAULT_AGREEMENT_FILES: readonly string[] = ['**/*.agr', '**/*.agreement', '**/*.agreement.txt'];

/**
 * A `files.associations` pattern as a glob relative to a workspace folder. VS Code matches a
 * pattern without a `/` against the file name at any depth, and one with a `/` against the
 * path; the server's globs are relative to the folder and one without a `/` matches at the
 * root only, so a bare pattern gets `**\/` in front. An absolute pattern inside a folder
 * becomes relative to it; one outside every folder is dropped.
 */
export function associationGlob(pattern: string, folders: readonly string[]): string | undefined {
  const slashed = pattern.replace(/\\/g, '/');
  if (!slashed.includes('/')) return `**/${slashed}`;
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) {
    for (const folder of folders) {
      const root = folder.replace(/\\/g, '/').replace(/\/$/, '');
      if (slashed.toLowerCase().startsWith(`${root.toLowerCase()}/`)) return slashed.slice(root.length + 1);
    }
    return slashed.startsWith('/**/') ? slashed.slice(1) : undefined;
  }
  return slashed;
}

/** The globs the server indexes, without duplicates, `agreement.files` first. */
export function agreementFileGlobs(
  files: readonly string[] | undefined,
  associations: Readonly<Record<string, string>> | undefined,
  folders: readonly string[],
): string[] {
  const globs = [...(files && files.length > 0 ? files : DEFAULT_AGREEMENT_FILES)];
  for (const [pattern, language] of Object.entries(associations ?? {})) {
    if (language !== 'agreement') continue;
    const glob = associationGlob(pattern, folders);
    if (glob !== undefined) globs.push(glob);
  }
  return [...new Set(globs)];
}
