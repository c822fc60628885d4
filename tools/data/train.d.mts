export function splitTrainArgs(argv: string[]): {
  node: { abaw?: string; cache: string; run: string; modelDir: string; convert: boolean };
  python: string[];
};
