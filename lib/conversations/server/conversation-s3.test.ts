import { setupS3 } from '@/lib/storage/test-support/s3-fixture';
import { describeConversationStore } from '../test-support/conversation-suite';

describeConversationStore({ name: 's3 driver (s3rver on loopback, key prefix app-prefix/)', setup: () => setupS3() });
