export declare function parseCliArgs(argv: readonly string[]): { positional: string[]; options: Record<string, string | true> };
