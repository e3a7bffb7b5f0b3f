import 'server-only';

/**
 * The analysis service in one import: saving, viewing a link, the owner's actions and re-run downloads. Each lives
 * in its own file by responsibility; all take one object with the storage driver (tests pass their own).
 */
export { saveAnalysis } from './save-analysis';
export { getRerunDownloads, getSharedAnalysis, prepareRerun, readSharedFigure } from './shared-analysis';
export { deleteAnalysis, listMyAnalyses, revokeAnalysis, setAllowRerun, setAnalysisExpiry } from './owner-analyses';
export { AnalysisError, toAnalysisFailure } from './analysis-errors';
