/** The in-process "something was appended" signal adapters raise after a commit. */
export class AppendSignal {
  private readonly listeners = new Set<(position: number) => void>();

  on(listener: (position: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  raise(position: number): void {
    for (const listener of this.listeners) listener(position);
  }
}
