// Creates the demo incident in the embedded store (GATEWAY_LENS_DATA_DIR or ./data) unless it exists.
import { seedDemo } from '../lib/demo/seed-demo';
import { GatewayLensError } from '../lib/errors';
import { defaultDuckDbPath, openStore } from '../lib/store/open-store';

const store = await openStore().catch((error: unknown) => {
  // A store that cannot open as configured is the user's to fix: the reason, not a stack trace.
  if (!(error instanceof GatewayLensError)) throw error;
  console.error(`gateway-lens: ${error.message}`);
  process.exit(1);
});
try {
  const { id, created } = await seedDemo(store, process.cwd());
  console.log(`${created ? 'created' : 'kept'} the demo incident in ${defaultDuckDbPath()}: /incidents/${id}`);
} finally {
  await store.close();
}
