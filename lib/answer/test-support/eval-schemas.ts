/**
 * The column names and sniffed types of the eval's datasets (bench/eval, as `npm run eval` registers them), so the
 * checks' unit tests can plan the eval's questions with the offline planner without Python. Fertility is left out:
 * the sniffer reads it as headerless (column_1…), a known registration problem.
 */
import type { DatasetBrief } from '@/lib/ask/contracts';

const SCHEMAS: Record<string, string[]> = {
  macro: [
    'year:integer',
    'quarter:integer',
    'realgdp:number',
    'realcons:number',
    'realinv:number',
    'realgovt:number',
    'realdpi:number',
    'cpi:number',
    'm1:number',
    'tbilrate:number',
    'unemp:number',
    'pop:number',
    'infl:number',
    'realint:number',
  ],
  grunfeld: ['invest:number', 'value:number', 'capital:number', 'firm:string', 'year:integer'],
  statecrime: ['state:string', 'violent:number', 'murder:number', 'hs_grad:number', 'poverty:number', 'single:number', 'white:number', 'urban:number'],
  fair: [
    'rate_marriage:integer',
    'age:number',
    'yrs_married:number',
    'children:number',
    'religious:integer',
    'educ:integer',
    'occupation:integer',
    'occupation_husb:integer',
    'affairs:number',
  ],
  longley: ['Obs:integer', 'TOTEMP:integer', 'GNPDEFL:number', 'GNP:integer', 'UNEMP:integer', 'ARMED:integer', 'POP:integer', 'YEAR:integer'],
  copper: ['YEAR:integer', 'WORLDCONSUMPTION:number', 'COPPERPRICE:number', 'INCOMEINDEX:number', 'ALUMPRICE:number', 'INVENTORYINDEX:number', 'TIME:integer'],
  heart: ['survival:number', 'censors:number', 'age:number'],
  cpunish: [
    'STATE:string',
    'EXECUTIONS:integer',
    'INCOME:integer',
    'PERPOVERTY:number',
    'PERBLACK:number',
    'VC100k96:integer',
    'SOUTH:integer',
    'DEGREE:number',
  ],
  committee: ['COMMITTEE:string', 'BILLS104:integer', 'SIZE:integer', 'SUBS:integer', 'STAFF:integer', 'PRESTIGE:integer', 'BILLS103:integer'],
  engel: ['income:number', 'foodexp:number'],
  iris: ['sepal_length:number', 'sepal_width:number', 'petal_length:number', 'petal_width:number', 'species:string'],
  macro_dated: ['date:integer', 'realgdp:number', 'unemp:number', 'infl:number'],
  macro_gaps: ['year:integer', 'quarter:integer', 'realgdp:number', 'unemp:number', 'infl:number'],
};

export function briefOf({ key, columns }: { key: string; columns: string[] }): DatasetBrief {
  return {
    id: `eval${key.replace(/[^A-Za-z0-9]/g, '')}0000`,
    variable: 'df1',
    displayName: `${key}.csv`,
    fileName: `${key}.csv`,
    format: 'csv',
    rowEstimate: { value: 100, exact: false },
    columns: columns.map((entry) => {
      const [name = '', type = 'string'] = entry.split(':');
      return { name, type };
    }),
    omittedColumns: 0,
    sampleRows: [],
  };
}

export function evalBrief(key: string): DatasetBrief | null {
  const columns = SCHEMAS[key];
  return columns ? briefOf({ key, columns }) : null;
}
