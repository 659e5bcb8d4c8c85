/** A file-system failure in words a teacher can act on, with the folder it concerns. */
export function describeFsError(error: unknown, dir: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return `the disk holding ${dir} is full`;
    case 'EDQUOT':
      return `the disk quota for ${dir} is used up`;
    case 'EROFS':
      return `${dir} is on a read-only file system`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write in ${dir}`;
    case 'ENOTDIR':
    case 'ENOENT':
      return `${dir} is not a folder that can be created or written`;
    case 'EEXIST':
      return `${dir} exists but is not a folder`;
    default:
      return `${dir} could not be written (${(error as Error).message.split('\n')[0]})`;
  }
}
