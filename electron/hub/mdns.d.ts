export interface FoundHub {
    name: string;
    site: string;
    url: string;
}
export declare function advertiseHub(port: number, siteName: string, httpsPort?: number | null): {
    stop: () => Promise<void>;
};
/** Listens for `waitMs` and returns the hubs heard, IPv4 first. */
export declare function discoverHubs(waitMs?: number): Promise<FoundHub[]>;
