/** Files above this size are refused before anything is read (PRODUCT.md): 20 MB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
