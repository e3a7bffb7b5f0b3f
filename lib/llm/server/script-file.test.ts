import { describe, expect, it } from 'vitest';
import { matchScriptRule, type ScriptRule } from './script-file';

describe('scripted rules', () => {
  it('fills {{path:<display name>}} with the dataset mount path for generate and repair', () => {
    const rules: ScriptRule[] = [
      { when: 'generate', respond: { plan: 'p', code: 'open("{{path:Sales.csv}}") and open("{{path:df1}}") and open("{{path:other.csv}}")', expects: { figures: 0, table: false } } },
    ];
    const response = matchScriptRule({ rules, call: { task: 'generate', question: 'q', files: [{ name: 'sales.csv', variable: 'df1', path: '/data/sales-AbCd1234.csv' }] } });
    expect(response.respond).toMatchObject({ code: 'open("/data/sales-AbCd1234.csv") and open("/data/sales-AbCd1234.csv") and open("{{path:other.csv}}")' });
  });
});
