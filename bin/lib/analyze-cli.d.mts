export interface AnalyzeOptions {
  inputs: string[];
  out: string | null;
  chromium: string;
  backend: string;
  model: string | null;
  dist: string;
  force: boolean;
  verbose: boolean;
  help: boolean;
}
export declare const ROOT: string;
export declare const USAGE: string;
export declare class UsageError extends Error {}
export declare class FatalError extends Error {}
export declare function parseCli(argv: string[]): AnalyzeOptions;
