// Creates the demo incident in the embedded store (GATEWAY_LENS_DATA_DIR or ./data) unless it exists.
import { seedDemo } from '../lib/demo/seed-demo';
import { defaultDuckDbPath, openStore } from '../lib/store/open-store';

const store = await openStore();
try {
  const { id, created } = await seedDemo(store, process.cwd());
  console.log(`${created ? 'created' : 'kept'} the demo incident in ${defaultDuckDbPath()}: /incidents/${id}`);
} finally {
  await store.close();
}
