import type { Config } from '../config.js';
import { startServer, withoutPassword } from '../server.js';

export async function serveCommand(config: Config): Promise<number> {
  const app = await startServer(config);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`\nTòa Soạn is running: http://${shownHost}:${port}/  (database: ${withoutPassword(config.databaseUrl)})\n`);
  return -1;
}
