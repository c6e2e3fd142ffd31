using Zxcvbn.Matcher;

namespace StoreSync.Functions.Common.Validation;

/// <summary>
/// Password strength by zxcvbn (the estimator Dropbox published; the zxcvbn-core port): a password must score at least
/// <see cref="MinimumScore"/> (of 0–4: 3 is "safely unguessable" against online attacks), with the user's own names
/// counted as dictionary words. zxcvbn-core 1.1.17 has no feedback text of its own, so the reason is told from the
/// pattern it found to be the weakest part (the longest match), the way zxcvbn's JavaScript feedback chooses it.
/// </summary>
public static class PasswordStrength
{
    public const int MinimumScore = 3;

    /// <summary>Null when strong enough; otherwise why not and what to do instead.</summary>
    public static string? Weakness(string password, IEnumerable<string?> userInputs)
    {
        var inputs = userInputs.Where(i => !string.IsNullOrWhiteSpace(i)).SelectMany(Words).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var result = new Zxcvbn.Zxcvbn().EvaluatePassword(password, inputs);
        if (result.Score >= MinimumScore) return null;
        var weakest = result.MatchSequence.Where(m => m.Pattern != "bruteforce").MaxBy(m => m.Token.Length);
        var guessable = $"it could be guessed in {(result.CrackTimeDisplay == "instant" ? "an instant" : result.CrackTimeDisplay)}";
        return $"is too easy to guess: {Warning(weakest, password)} ({guessable}). {Suggestion(weakest)}";
    }

    private static string Warning(Zxcvbn.Match? m, string password) => m switch
    {
        DictionaryMatch { DictionaryName: "user_inputs" } => "it contains your username, e-mail address or name",
        DictionaryMatch { DictionaryName: "passwords" } d when d.Token.Length == password.Length => "it is one of the most common passwords",
        DictionaryMatch { DictionaryName: "passwords" } d => $"'{d.Token}' is a very common password",
        DictionaryMatch { DictionaryName: "surnames" or "male_names" or "female_names" } => "names on their own are easy to guess",
        DictionaryMatch d => $"a common word like '{d.Token}' on its own is easy to guess",
        RepeatMatch => "repeated characters like 'aaa' or 'abcabc' are easy to guess",
        SequenceMatch => "sequences like 'abc' or '6543' are easy to guess",
        SpatialMatch => "rows or patterns of keys on a keyboard are easy to guess",
        DateMatch => "dates are easy to guess",
        { Pattern: "date" } => "dates and years are easy to guess",
        _ => "it is short or made of predictable parts",
    };

    private static string Suggestion(Zxcvbn.Match? m) => m switch
    {
        RepeatMatch or SequenceMatch or SpatialMatch => "Avoid repeats, sequences and keyboard patterns; use a few unrelated words instead.",
        DictionaryMatch { DictionaryName: "user_inputs" } => "Leave out your name and e-mail address; use a few unrelated words instead.",
        DateMatch or { Pattern: "date" } => "Avoid dates and years that are associated with you; add another uncommon word.",
        _ => "Use a few unrelated, uncommon words (a passphrase); capitals and symbols in predictable places help little.",
    };

    /// <summary>A user input and its parts: "ann.lee@example.test" also gives "ann.lee", "ann" and "lee".</summary>
    private static IEnumerable<string> Words(string? input)
    {
        var text = input!.Trim().ToLowerInvariant();
        yield return text;
        var local = text.Split('@')[0];
        if (local != text) yield return local;
        foreach (var part in local.Split(['.', '_', '-', ' '], StringSplitOptions.RemoveEmptyEntries))
            if (part.Length >= 3 && part != local) yield return part;
    }
}
