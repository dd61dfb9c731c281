/** Type declarations for audio-type 2 (format detection from a file's first bytes). */
declare module 'audio-type' {
  /** The format name ('wav', 'mp3', 'oga', 'opus', 'flac', 'm4a', 'aac', 'aiff', ...), or undefined. */
  export default function audioType(buf: Uint8Array | ArrayBuffer): string | undefined;
}
