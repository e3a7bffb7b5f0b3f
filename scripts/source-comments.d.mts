export declare function commentStyle(file: string, text?: string): 'whole' | 'js' | 'css' | 'python' | 'hash' | null;
export declare function extractComments(args: { file: string; text: string }): Array<{ line: number; text: string }>;
