// Minimal types of the untyped test-server packages (only what tests/support/sync uses).
declare module 'express-pouchdb' {
  const expressPouchDb: (PouchDB: unknown, options?: Record<string, unknown>) => import('node:http').RequestListener;
  export default expressPouchDb;
}
declare module 'express' {
  import type { IncomingMessage, ServerResponse, Server } from 'node:http';
  interface Request extends IncomingMessage {
    path: string;
    method: string;
  }
  interface Response extends ServerResponse {
    status(code: number): Response;
    json(body: unknown): void;
  }
  interface App {
    (req: IncomingMessage, res: ServerResponse): void;
    use(handler: ((req: Request, res: Response, next: () => void) => void) | import("node:http").RequestListener): App;
    listen(port: number, host: string, callback: () => void): Server;
  }
  const express: () => App;
  export default express;
}
declare namespace PouchDB {
  namespace Configuration {
    type DatabaseConfiguration = Record<string, unknown>;
  }
  interface Database {
    bulkDocs(docs: object[], options?: object): Promise<unknown[]>;
    allDocs(options?: object): Promise<{ total_rows: number; rows: Array<{ id: string; doc?: any }> }>;
    info(): Promise<{ doc_count: number; update_seq: unknown }>;
    destroy(): Promise<void>;
    close(): Promise<void>;
    replicate: {
      to(target: Database | string, options?: object): Promise<{ ok: boolean; docs_written: number; doc_write_failures: number }>;
      from(source: Database | string, options?: object): Promise<{ ok: boolean; docs_written: number; doc_write_failures: number }>;
    };
  }
  interface Static {
    new (name: string, options?: object): Database;
    plugin(plugin: unknown): Static;
    defaults(options: object): Static;
  }
}
declare module 'pouchdb-core' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-adapter-http';
declare module 'pouchdb-mapreduce';
declare module 'pouchdb-replication';
