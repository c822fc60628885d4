/** The built app's Content-Security-Policy (a <meta> in the build, a header from vite preview and serveStatic). */
export declare const CONTENT_SECURITY_POLICY: string;
