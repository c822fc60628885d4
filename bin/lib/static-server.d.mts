export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  close(): Promise<void>;
}
export declare function serveStatic(root: string): Promise<StaticServer>;
/** True when `url` (a URL or string) has exactly `origin` (scheme, host and port), e.g. the static server's. */
export declare function isSameOrigin(url: URL | string, origin: string): boolean;
