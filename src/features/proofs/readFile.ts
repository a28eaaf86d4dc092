/** Text of a picked file, refusing files no proof or share could be (over 64 MB). */
export const MAX_PROOF_FILE_BYTES = 64 * 1024 * 1024;

export async function readPickedFile(file: File): Promise<string> {
  if (file.size > MAX_PROOF_FILE_BYTES) throw new Error(`${file.name} is larger than 64 MB`);
  return await file.text();
}
