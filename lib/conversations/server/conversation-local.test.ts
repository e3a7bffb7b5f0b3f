import { setupLocalFromEnv } from '@/lib/storage/test-support/local-fixture';
import { describeConversationStore } from '../test-support/conversation-suite';

describeConversationStore({ name: 'local driver (DATA_DIR)', setup: () => setupLocalFromEnv() });
