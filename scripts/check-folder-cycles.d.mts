export type FolderGraph = Map<string, Map<string, string>>;
export declare function importSpecifiers(source: string): string[];
export declare function targetStep(fromFile: string, specifier: string): string | null;
export declare function stepOf(file: string): string | null;
export declare function folderGraph(sources: Record<string, string>): FolderGraph;
export declare function cycleGroups(graph: FolderGraph): string[][];
export declare function findCycles(graph: FolderGraph): string[][];
