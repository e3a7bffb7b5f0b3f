export interface StaleReference {
  file: string;
  line: number;
  reference: string;
}
export declare const TOP_LEVEL_FOLDERS: string[];
export declare function findPaths(text: string): Array<{ path: string; offset: number }>;
export declare function pathExists(args: { reference: string; files: string[]; folders: Set<string> }): boolean;
export declare function findStaleReferences(args: {
  files: string[];
  read: (file: string) => string;
  isIgnored?: (reference: string) => boolean;
}): StaleReference[];
export declare function gitIgnores(args: { root: string; reference: string }): boolean;
export declare function repositoryFiles(args: { root: string }): string[];
