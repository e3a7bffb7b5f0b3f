/** A string only the escaped test kernel contains: the wall spec scans the build output for it. */
export const ESCAPED_KERNEL_MARKER = 'ESCAPED-KERNEL-TEST-BUILD-7f3a9c';
