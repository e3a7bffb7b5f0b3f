export declare const PYODIDE_VERSION: string;
export declare const DEFAULT_PYODIDE_PACKAGES_URL: string;
export declare const PYODIDE_INDEX_PATH: string;
export declare const KERNEL_FRAME_PATH: string;
export declare const KERNEL_FRAME_SCRIPT_PATH: string;
export declare const DEFAULT_PYTHON_WHEELS_URL: string;
export declare const DEFAULT_EXTRA_WHEELS: string[];
export declare const PYODIDE_BOOT_ENV: Readonly<{ MPLBACKEND: string; HOME: string }>;
export declare const PYODIDE_BOOT_SNAPSHOT_FILE: string;
