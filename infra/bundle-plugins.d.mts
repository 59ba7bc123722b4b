import type { Plugin } from 'esbuild';

export declare const replaceUnusedModules: Plugin;
declare const plugins: Plugin[];
export default plugins;
