import { THEME_STORAGE_KEY } from './theme-preference';

/**
 * The inline script the root layout puts first in <head>, so the page is painted in its theme from the first frame
 * (a theme applied by React after hydration would flash light first). It must stay plain ES5 text: it runs before any
 * bundle. The page CSP lets it run by the request's nonce; a share page served again from the cache
 * (lib/share/server/page-cache) trusts it by its hash, like Next's own inline scripts, because its text never changes.
 *
 * - `/embed/<id>`: the embedding page chose the theme with `?theme=dark` (else light); the analyst's own choice is
 *   not applied to a widget on someone else's page, and its storage may be partitioned or blocked there anyway.
 * - elsewhere: the stored choice (lib/ui/theme-preference.ts), else the system's, followed live when the system
 *   changes or another tab changes the choice.
 */
export const THEME_SCRIPT = `(function(){var d=document.documentElement,m=window.matchMedia('(prefers-color-scheme: dark)');
function chosen(){if(location.pathname.indexOf('/embed/')===0)return new URLSearchParams(location.search).get('theme')==='dark'?'dark':'light';
try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==='light'||t==='dark')return t}catch(e){}return m.matches?'dark':'light'}
function apply(){d.setAttribute('data-theme',chosen())}
apply();m.addEventListener('change',apply);window.addEventListener('storage',apply)})()`;
