export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

const KEY = 'storesync.session';

/** Tokens survive reloads (localStorage) so a refresh of the page keeps the user signed in. */
export function createLocalTokenStore(storage: Storage | undefined = globalThis.localStorage): TokenStore {
  let memory: Tokens | null = null;
  return {
    get() {
      if (memory) return memory;
      try {
        const raw = storage?.getItem(KEY);
        memory = raw ? (JSON.parse(raw) as Tokens) : null;
      } catch {
        memory = null;
      }
      return memory;
    },
    set(tokens) {
      memory = tokens;
      try {
        if (tokens) storage?.setItem(KEY, JSON.stringify(tokens));
        else storage?.removeItem(KEY);
      } catch {
        /* storage unavailable (private mode): keep tokens in memory only */
      }
    },
  };
}

export function createMemoryTokenStore(initial: Tokens | null = null): TokenStore {
  let current = initial;
  return {
    get: () => current,
    set: (t) => {
      current = t;
    },
  };
}
