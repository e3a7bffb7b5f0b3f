/** The offline planner's internal vocabulary: what it understood (Intent) and what an emitter returns (Emitted). */
import type { DatasetBrief } from '@/lib/files/dataset-briefs';
import type { PlanColumn } from './match-columns';

/** How values are combined per group/period. `size` counts rows; `nunique` counts distinct values. */
export type Aggregation = 'mean' | 'sum' | 'median' | 'min' | 'max' | 'std' | 'count' | 'nunique' | 'size';

/** Period of a trend; pandas Period aliases that mean the same in pandas 1.5 and 2.x/3.x. */
export type Frequency = 'D' | 'W' | 'M' | 'Q' | 'Y';

export type PredictTask = 'classification' | 'regression';

export type Intent =
  | { kind: 'overview' }
  | { kind: 'missing'; focus: PlanColumn | null }
  | { kind: 'distribution'; column: PlanColumn }
  /** `focus`: the numeric columns the question names; one gets a ranked list, two a scatter plot of the pair. */
  | { kind: 'correlation'; columns: PlanColumn[]; focus: PlanColumn[] }
  | { kind: 'group-by'; value: PlanColumn | null; aggregation: Aggregation; groups: PlanColumn[] }
  | {
      kind: 'top-n';
      n: number;
      ascending: boolean;
      metric: PlanColumn | null;
      entity: PlanColumn | null;
      aggregation: Aggregation;
    }
  | {
      kind: 'trend';
      date: PlanColumn;
      value: PlanColumn | null;
      aggregation: Aggregation;
      frequency: Frequency | null;
      /** One line per group of this column ("monthly revenue by region"). */
      split: PlanColumn | null;
    }
  | {
      kind: 'compare';
      value: PlanColumn;
      /** The group column when the question or the sample rows identify it. */
      group: PlanColumn | null;
      /** Where to look for the two values at run time when `group` is null. */
      groupCandidates: PlanColumn[];
      groups: [string, string] | null;
    }
  | { kind: 'explore' }
  | { kind: 'predict'; target: PlanColumn; task: PredictTask };

export type IntentKind = Intent['kind'];

/** What the emitters know about the data. */
export interface EmitContext {
  dataset: DatasetBrief;
  /** Columns usable in code (names the kernel policy accepts), in schema order. */
  columns: PlanColumn[];
  /** Columns left out because their names would be refused by the kernel policy. */
  refused: string[];
}

export interface Emitted {
  /** One line for the analyst, naming the intent and the columns. */
  plan: string;
  code: string;
  figures: number;
  table: boolean;
}

/** Detection either understood the question, understood it but lacks a column, or did not understand it. */
export type Detection = { status: 'matched'; intent: Intent } | { status: 'incomplete'; intent: IntentKind; message: string } | { status: 'unmatched' };
