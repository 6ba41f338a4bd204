/** A read from the ledger with its state: the answer, the problem that refused it, and whether it is under way. */
import { ref, type Ref } from 'vue';
import { ApiError, type Problem } from './api.js';

export function asProblem(error: unknown): Problem {
  return error instanceof ApiError ? error.problem : { title: String(error), status: 0, detail: '' };
}

export function useLoad<T>(read: () => Promise<T>) {
  const data = ref<T | null>(null) as Ref<T | null>;
  const problem = ref<Problem | null>(null);
  const loading = ref(false);
  async function run(): Promise<void> {
    loading.value = true;
    problem.value = null;
    try {
      data.value = await read();
    } catch (error) {
      data.value = null;
      problem.value = asProblem(error);
    } finally {
      loading.value = false;
    }
  }
  return { data, problem, loading, run };
}
