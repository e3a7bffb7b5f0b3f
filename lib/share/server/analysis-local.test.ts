import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { describeAnalysisService } from '../test-support/analysis-suite';

describeAnalysisService({ name: 'local driver (DATA_DIR, signed app route)', setup: () => setupLocalFromEnv() });
