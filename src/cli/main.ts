import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { importCommand } from './import.command.js';
import { migrateCommand } from './migrate.command.js';
import { reindexCommand } from './reindex.command.js';
import { serveCommand } from './serve.command.js';
import { userCommand } from './user.command.js';

const USAGE = `Usage: toasoan <command> [options]

Commands:
  serve [--workers N]        migrate, seed demo content on an empty site, and run the web server (in N processes)
  migrate                    bring the database schema up to date
  import PATH... [--category SLUG] [--json] [--encoding utf8|tcvn3|vni]
                             import articles in plain-text form (files, or folders of .txt files)
  user add --email EMAIL --role reader|author|editor|admin [--name NAME] [--password-stdin]
                             create a user; without --password-stdin, print a one-time link to set the password
  reindex                    rebuild the search index from the published articles

Configuration comes from the environment (DATABASE_URL, HOST, PORT, SITE_NAME, ...): see README.md.`;

type Command = (config: Config, args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  import: importCommand,
  user: userCommand,
  reindex: reindexCommand,
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
  return command(config, argv.slice(1));
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running; every other command ends here.
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`toasoan: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
