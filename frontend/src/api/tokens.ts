export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token should be renewed before use (shortly before it expires). */
  refreshAt?: number;
}

export function tokensFrom(res: { accessToken: string; refreshToken: string; expiresIn?: number }, now = Date.now()): Tokens {
  return {
    accessToken: res.accessToken,
    refreshToken: res.refreshToken,
    // Renew 30 s early, or a fifth of the lifetime early for very short-lived tokens.
    refreshAt:
      typeof res.expiresIn === 'number' && res.expiresIn > 0 ? now + res.expiresIn * 1000 - Math.min(30_000, (res.expiresIn * 1000) / 5) : undefined,
  };
}

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

const KEY = 'storesync.session';

/**
 * Tokens survive reloads (localStorage) so a refresh of the page keeps the user signed in. They are
 * read from storage on every use, so all tabs see the tokens another tab just refreshed.
 */
export function createLocalTokenStore(storage: Storage | undefined = globalThis.localStorage): TokenStore {
  let memory: Tokens | null = null; // only used when storage is unavailable (e.g. blocked in private mode)
  return {
    get() {
      try {
        if (!storage) return memory;
        const raw = storage.getItem(KEY);
        return raw ? (JSON.parse(raw) as Tokens) : null;
      } catch {
        return memory;
      }
    },
    set(tokens) {
      memory = tokens;
      try {
        if (tokens) storage?.setItem(KEY, JSON.stringify(tokens));
        else storage?.removeItem(KEY);
      } catch {
        /* storage unavailable: keep tokens in memory only */
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
