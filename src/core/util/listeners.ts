/** A set of listeners for one kind of event; `add` returns the unsubscribe function. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch (error) {
        // One failing consumer (say, a closed socket) must not starve the others.
        console.error('[gil-lab] listener failed:', error);
      }
    }
  }
}
