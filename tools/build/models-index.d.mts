export interface ModelsIndexEntry { id: string; name: string; trained: boolean; manifest: string }
export declare function buildModelsIndex(modelsDir: string): ModelsIndexEntry[];
