import { useEffect, useState } from 'react';
import { cn } from '../lib/cn';

export interface Strength {
  /** zxcvbn's 0 (too guessable) … 4 (very unguessable). */
  score: 0 | 1 | 2 | 3 | 4;
  warning: string;
  suggestions: string[];
}

type Estimate = (password: string, userInputs: string[]) => Strength;

let loading: Promise<Estimate> | null = null;

/**
 * The zxcvbn estimator (@zxcvbn-ts with its common and English dictionaries, a few hundred KB) is loaded on first
 * use only, as its own chunk: pages without a password field never download it.
 */
export function loadEstimator(): Promise<Estimate> {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')])
    .then(([core, common, en]) => {
      const zxcvbn = new core.ZxcvbnFactory({
        translations: en.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...en.dictionary },
      });
      return (password: string, userInputs: string[]) => {
        const r = zxcvbn.check(password, userInputs);
        return { score: r.score, warning: r.feedback.warning ?? '', suggestions: r.feedback.suggestions ?? [] };
      };
    })
    .catch((e) => {
      loading = null;
      throw e;
    });
  return loading;
}

const LABEL = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const BAR = ['bg-rose-500', 'bg-rose-400', 'bg-amber-400', 'bg-emerald-500', 'bg-emerald-600'] as const;

/** The score a password needs to be accepted, as the server judges it with the same estimator. */
export const STRONG_ENOUGH = 3;

/**
 * A live hint under a new-password field: how guessable the password is and why, as the person types. The server
 * has the last word (it refuses weak passwords with its own message, shown as the field's error).
 */
export function PasswordStrength({ password, userInputs = [], id }: { password: string; userInputs?: string[]; id?: string }) {
  const [strength, setStrength] = useState<Strength | null>(null);
  const inputsKey = userInputs.join('\u0000');
  useEffect(() => {
    if (!password) {
      setStrength(null);
      return;
    }
    let cancelled = false;
    const t = setTimeout(() => {
      loadEstimator()
        .then((estimate) => !cancelled && setStrength(estimate(password, inputsKey ? inputsKey.split('\u0000') : [])))
        .catch(() => !cancelled && setStrength(null));
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [password, inputsKey]);

  if (!password || !strength) return <div id={id} aria-live="polite" className="min-h-0" />;
  const weak = strength.score < STRONG_ENOUGH;
  const why = [strength.warning, ...strength.suggestions].filter(Boolean);
  return (
    <div id={id} aria-live="polite" className="mt-2" data-testid="password-strength">
      <div className="flex gap-1" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className={cn('h-1.5 flex-1 rounded-full', i <= strength.score ? BAR[strength.score] : 'bg-slate-200')} />
        ))}
      </div>
      <p className={cn('mt-1 text-xs', weak ? 'text-rose-700' : 'text-emerald-700')}>
        <span className="font-medium">Password strength: {LABEL[strength.score]}.</span>
        {weak ? ' Too easy to guess: choose a longer, less predictable one.' : ''}
        {weak && why.length > 0 && <span className="block text-slate-600">{why.join(' ')}</span>}
      </p>
    </div>
  );
}
