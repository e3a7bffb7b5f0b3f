import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/**
 * The code editor's colours, all CSS variables: the palette's (`--color-*`, remapped by app/globals.css in the dark
 * theme) and the syntax colours `--cm-*` defined there for both themes. So the editor follows the page's theme with
 * no JavaScript switch and no repaint in a wrong theme first. CodeMirror's own light defaults (grey gutter, black
 * cursor, light selection) are replaced here with the same selectors, so these win.
 */
export const EDITOR_THEME = EditorView.theme({
  '&': { fontSize: '13px', color: 'var(--color-slate-900)', backgroundColor: 'var(--color-white)' },
  '.cm-scroller': { minHeight: '160px', maxHeight: '420px' },
  '.cm-content': { caretColor: 'var(--color-slate-900)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--color-slate-900)' },
  '.cm-gutters': { backgroundColor: 'var(--color-slate-50)', color: 'var(--color-slate-600)', borderRightColor: 'var(--color-slate-200)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--color-slate-100)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--cm-selection)',
  },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--cm-selection)', color: 'inherit' },
  '.cm-tooltip': { backgroundColor: 'var(--color-white)', color: 'var(--color-slate-900)', borderColor: 'var(--color-slate-300)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--color-sky-100)', color: 'var(--color-sky-900)' },
  '.cm-panels': { backgroundColor: 'var(--color-slate-50)', color: 'var(--color-slate-900)' },
});

const highlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--cm-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--cm-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--cm-comment)', fontStyle: 'italic' },
  {
    tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className), tags.function(tags.variableName)],
    color: 'var(--cm-definition)',
  },
  { tag: tags.invalid, color: 'var(--cm-invalid)' },
]);

/** Takes precedence over basicSetup's default style, which is only a fallback. */
export const EDITOR_HIGHLIGHTING = syntaxHighlighting(highlightStyle);
