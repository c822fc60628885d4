export function splitTrainArgs(argv: string[]): {
  node: { abaw?: string; cache: string; run: string; modelDir: string; convert: boolean };
  python: string[];
};
/** The trainer's --labels value (its default, ferplus-ce, when absent). */
export function expressionLabelMode(pythonArgs: string[]): string;
/** 'audio' or 'visual' when the trainer is told to train that stream alone (an ablation: no export), else null. */
export function onlyStream(pythonArgs: string[]): 'audio' | 'visual' | null;
