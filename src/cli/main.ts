import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';

const USAGE = `Usage: toasoan <command> [options]

Commands:
  serve [--workers N]        migrate, seed demo content on an empty site, and run the web server (in N processes)
  migrate                    bring the database schema up to date
  import PATH... [--category SLUG] [--json] [--encoding utf8|tcvn3|vni]
                             import articles in plain-text form (files, or folders of .txt files)
  import-wordpress FILE.xml [--uploads DIR] [--category-map FILE.csv] [--json]
                             import a WordPress export: posts, pages, comments, media, old addresses
  export-wordpress FILE.xml  write the site as a WordPress export (WXR 1.2)
  import-documents FILE.csv [--files DIR] [--json]
                             import văn bản (the documents library) from CSV; the same code again updates it
  user add --email EMAIL --role reader|author|editor|admin [--name NAME] [--password-stdin]
                             create a user; without --password-stdin, print a one-time link to set the password
  reindex                    rebuild the search index from the published articles
  backup FILE                write the whole site (rows, media, schema version) to one archive, while it serves
  restore FILE [--force]     load an archive into the empty database DATABASE_URL names (SQLite or PostgreSQL)

Configuration comes from the environment (DATABASE_URL, HOST, PORT, SITE_NAME, ...): see README.md.`;

type Command = (config: Config, args: string[]) => Promise<number>;

// Each command is loaded only when run: `serve` does not pay for the importer's encodings, nor `migrate` for the web server.
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.command.js')).serveCommand,
  migrate: async () => (await import('./migrate.command.js')).migrateCommand,
  import: async () => (await import('./import.command.js')).importCommand,
  'import-wordpress': async () => (await import('./import-wordpress.command.js')).importWordpressCommand,
  'export-wordpress': async () => (await import('./export-wordpress.command.js')).exportWordpressCommand,
  'import-documents': async () => (await import('./import-documents.command.js')).importDocumentsCommand,
  user: async () => (await import('./user.command.js')).userCommand,
  reindex: async () => (await import('./reindex.command.js')).reindexCommand,
  backup: async () => (await import('./backup.command.js')).backupCommand,
  restore: async () => (await import('./restore.command.js')).restoreCommand,
};

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv.slice(0, 1), allowPositionals: true, strict: false });
  const name = positionals[0];
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`toasoan: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`toasoan: ${err.message}`);
      return 2;
    }
    throw err;
  }
  return (await command())(config, argv.slice(1));
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running; every other command ends here.
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`toasoan: ${err instanceof Error ? err.message : String(err)}`);
    // The stack (mapped to the .ts lines) is for whoever debugs, not for every operator's terminal.
    if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') && err instanceof Error) console.error(err.stack);
    process.exitCode = 1;
  },
);
