import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { describeDatasetService } from '../test-support/dataset-suite';

describeDatasetService({ name: 'local driver (DATA_DIR, signed app route)', setup: () => setupLocalFromEnv() });
