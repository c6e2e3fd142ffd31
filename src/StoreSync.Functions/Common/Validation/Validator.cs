using System.Net.Mail;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Common.Validation;

/// <summary>Collects field errors; `ToResult()` answers 400 with `errors: {field: [messages]}` when any.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validator Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{field} is required.");
        else if (value.Length > maxLength) Add(field, $"{field} must be at most {maxLength} characters.");
        return this;
    }

    public Validator MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"{field} must be at most {maxLength} characters.");
        return this;
    }

    public Validator Email(string field, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"{field} is required.");
            return this;
        }
        if (value.Length > 254 || !MailAddress.TryCreate(value, out var parsed) || parsed.Address != value.Trim())
            Add(field, $"{field} must be a valid e-mail address.");
        return this;
    }

    public Validator OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (value is null)
        {
            if (required) Add(field, $"{field} is required.");
        }
        else if (!allowed.Contains(value)) Add(field, $"{field} must be one of: {string.Join(", ", allowed)}.");
        return this;
    }

    /// <summary>
    /// A new password: 10 to 200 characters and not guessable (zxcvbn score of at least 3, see <see cref="PasswordStrength"/>).
    /// <paramref name="userInputs"/> (username, e-mail, display name) count as words an attacker would try first.
    /// </summary>
    public Validator Password(string field, string? value, params string?[] userInputs)
    {
        if (string.IsNullOrEmpty(value)) return Add(field, $"{field} is required.");
        if (value.Length < 10) return Add(field, $"{field} must be at least 10 characters.");
        if (value.Length > 200) return Add(field, $"{field} must be at most 200 characters.");
        if (PasswordStrength.Weakness(value, userInputs) is { } weakness) Add(field, $"{field} {weakness}");
        return this;
    }

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IResult ToResult() => Problem.Validation(Errors);

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ValidationFailedException(Errors);
    }
}

/// <summary>Thrown from deep inside a feature when input turns out invalid; answered as a 400 validation problem.</summary>
public sealed class ValidationFailedException(IDictionary<string, string[]> errors) : Exception("Validation failed")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
