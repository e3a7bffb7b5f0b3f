import { setupS3 } from '@/lib/storage/test-support/s3-fixture';
import { describeAnalysisService } from '../test-support/analysis-suite';

describeAnalysisService({ name: 's3 driver (s3rver on loopback, key prefix app-prefix/)', setup: () => setupS3() });
