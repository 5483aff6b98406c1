// Collects a download's bytes: into one buffer of the known size (no second copy), else chunk by chunk.

export class ByteSink {
  private buffer: Uint8Array | null = null;
  private chunks: Uint8Array[] = [];
  length = 0;

  /** Allocates the final buffer up front when the size is known, so a 1.5 GB file is never held twice. */
  reserve(size: number): void {
    if (this.length === 0 && this.buffer?.byteLength !== size) {
      this.buffer = new Uint8Array(size);
      this.chunks = [];
    }
  }

  write(chunk: Uint8Array): void {
    if (this.buffer && this.length + chunk.byteLength <= this.buffer.byteLength) {
      this.buffer.set(chunk, this.length);
    } else {
      // Longer than announced (the caller refuses it as corrupted): fall back to chunks rather than overflow.
      if (this.buffer) this.chunks = [this.buffer.subarray(0, this.length)];
      this.buffer = null;
      this.chunks.push(chunk);
    }
    this.length += chunk.byteLength;
  }

  /** Forgets everything written (a restart from byte 0); a reserved buffer is kept for reuse. */
  reset(): void {
    this.chunks = [];
    this.length = 0;
  }

  bytes(): Uint8Array {
    if (this.buffer) return this.length === this.buffer.byteLength ? this.buffer : this.buffer.subarray(0, this.length);
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}
