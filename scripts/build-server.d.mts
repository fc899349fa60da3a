/** Types of scripts/build-server.mjs (plain JavaScript, so it runs before anything is compiled). */
export declare const BUILD: string;
export declare function ensureServerBuilt(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
