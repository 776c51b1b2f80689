/**
 * `doneness couch-setup URL DB`: prepares a team database on any CouchDB-compatible server:
 * creates it when the signed-in user may, installs the validate_doc_update design document and
 * sets the database's members in `_security`. Safe to run again: what is already right stays.
 */
import { CouchClient, SyncError } from '../storage/sync/couch';
import { DESIGN_DOC_ID, designDocument } from '../storage/sync/design';
import { CouchDbName, SyncServerUrl, type SyncAuth } from '../storage/schema';
import { EXIT, type Command, type CommandIo } from './io';

const USAGE = `usage: doneness couch-setup URL DB [--members NAME,…] [--roles ROLE,…]

Creates the database DB on the CouchDB-compatible server at URL (when allowed), installs
the Doneness design document (validate_doc_update: document shape and author checks) and
makes the listed users and roles the database's members (default: --roles doneness).
Members already listed stay. Run it as a server or database admin; sign in with
  DONENESS_COUCH_USER and DONENESS_COUCH_PASSWORD (Basic), or DONENESS_COUCH_JWT (bearer),
in the environment, so no password lands in the shell history.
Exit codes: 0 done, 1 the server refused or could not be reached, 2 bad usage.
`;

/** Environment the command reads its sign-in from (injected for tests). */
export type SetupEnv = Partial<Record<'DONENESS_COUCH_USER' | 'DONENESS_COUCH_PASSWORD' | 'DONENESS_COUCH_JWT', string>>;

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Runs the setup; `env` and `fetch` are parameters so tests need no process environment. */
export async function couchSetup(args: string[], io: CommandIo, env: SetupEnv = process.env as SetupEnv, fetchImpl?: typeof fetch): Promise<number> {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (arg === '--members' || arg === '--roles') {
      if (i + 1 >= args.length) {
        io.stderr(`couch-setup: ${arg} needs a value\n\n${USAGE}`);
        return EXIT.usage;
      }
      options[arg.slice(2)] = args[++i];
    } else if (arg.startsWith('-')) {
      io.stderr(`couch-setup: unknown option ${arg}\n\n${USAGE}`);
      return EXIT.usage;
    } else positional.push(arg);
  }
  if (positional.length !== 2) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
  const [url, db] = positional;
  const badUrl = SyncServerUrl.safeParse(url);
  if (!badUrl.success) {
    io.stderr(`couch-setup: ${badUrl.error.issues[0]?.message}: ${url}\n`);
    return EXIT.usage;
  }
  const badDb = CouchDbName.safeParse(db);
  if (!badDb.success) {
    io.stderr(`couch-setup: ${badDb.error.issues[0]?.message}: ${db}\n`);
    return EXIT.usage;
  }
  const auth: SyncAuth = env.DONENESS_COUCH_JWT
    ? { kind: 'jwt', token: env.DONENESS_COUCH_JWT }
    : env.DONENESS_COUCH_USER
      ? { kind: 'basic', user: env.DONENESS_COUCH_USER, password: env.DONENESS_COUCH_PASSWORD ?? '' }
      : { kind: 'none' };
  const client = new CouchClient({ url, db, auth }, { fetch: fetchImpl });

  try {
    // 1. The database: create it, or use the existing one when creating is not ours to do.
    let created = false;
    try {
      created = await client.createDb();
    } catch (error) {
      if (!(error instanceof SyncError) || (error.kind !== 'unauthorized' && error.kind !== 'forbidden')) throw error;
      io.stdout(`not allowed to create databases (${error.message}); using ${db} if it exists\n`);
    }
    await client.dbInfo();
    io.stdout(created ? `created database ${db}\n` : `database ${db} exists\n`);

    // 2. The design document, replaced only when it differs and is not a newer version's: a
    //    teammate's older Doneness must not take back what a newer one installed.
    const wanted = designDocument();
    const existing = await client.getDoc(DESIGN_DOC_ID);
    const installed = (existing?.doneness as { version?: unknown } | undefined)?.version;
    if (existing && existing.validate_doc_update === wanted.validate_doc_update) {
      io.stdout(`design document ${DESIGN_DOC_ID} is up to date\n`);
    } else if (typeof installed === 'number' && installed > wanted.doneness.version) {
      io.stdout(`design document ${DESIGN_DOC_ID} is version ${installed}, newer than this Doneness's ${wanted.doneness.version}: left as is\n`);
    } else {
      await client.putDoc(DESIGN_DOC_ID, existing ? { ...wanted, _rev: existing._rev } : wanted);
      io.stdout(`${existing ? 'updated' : 'installed'} design document ${DESIGN_DOC_ID}\n`);
    }

    // 3. Members: the listed users and roles join whoever is a member already.
    const security = await client.getSecurity();
    const members = (security.members ?? {}) as Record<string, unknown>;
    const admins = (security.admins ?? { names: [], roles: [] }) as Record<string, unknown>;
    const addNames = list(options.members);
    const addRoles = options.members === undefined && options.roles === undefined ? ['doneness'] : list(options.roles);
    const next = {
      ...security,
      admins: { names: names(admins.names), roles: names(admins.roles) },
      members: {
        names: [...new Set([...names(members.names), ...addNames])],
        roles: [...new Set([...names(members.roles), ...addRoles])],
      },
    };
    await client.putSecurity(next);
    io.stdout(`members: users [${next.members.names.join(', ')}], roles [${next.members.roles.join(', ')}]\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`couch-setup: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.input;
  }
}

export const couchSetupCommand: Command = {
  summary: 'create a team database, install its validation design document, set its members',
  usage: USAGE,
  run: (args, io) => couchSetup(args, io),
};
