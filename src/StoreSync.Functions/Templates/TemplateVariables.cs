using System.Globalization;
using System.Text.Json;
using StoreSync.Data.Campaigns;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Templates;

/// <summary>A declared variable of a template.</summary>
public sealed record TemplateVariable(string? Name, string? Label, string? Type, bool Required, JsonElement? Default);

public static class VariableTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Percent = "percent";
    public const string Date = "date";
    public const string Url = "url";
    public static readonly string[] All = [Text, Number, Percent, Date, Url];
}

/// <summary>
/// Declared variables, typed values and the built-in variables every template can use. Render data is built
/// in one order: location attributes (by key), then declared values (customization, else default), then the fixed
/// built-ins, which nothing may shadow.
/// </summary>
public static class TemplateVariables
{
    public const int MaxVariables = 100;
    public const int MaxTextLength = 2000;

    public static readonly string[] BuiltInNames = ["brandName", "locationName", "storeNumber", "city", "state", "fullAddress", "timeZone"];

    public static IReadOnlyList<TemplateVariable> Parse(string json) =>
        JsonSerializer.Deserialize<List<TemplateVariable>>(json, JsonSerializerOptions.Web) ?? [];

    public static string ToJson(IReadOnlyList<TemplateVariable> variables) => JsonSerializer.Serialize(variables, JsonSerializerOptions.Web);

    /// <summary>Names are identifiers, unique, not built-ins; types known; defaults valid for their type.</summary>
    public static void ValidateDeclarations(Validator v, IReadOnlyList<TemplateVariable>? variables, string field = "variables")
    {
        if (variables is null) return;
        if (variables.Count > MaxVariables) v.Add(field, $"At most {MaxVariables} variables.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < variables.Count; i++)
        {
            var d = variables[i];
            var at = $"{field}[{i}]";
            if (d is null) { v.Add(at, "A variable declaration is required."); continue; }
            if (string.IsNullOrWhiteSpace(d.Name) || !TemplateEngine.IsVariableName(d.Name))
                v.Add($"{at}.name", "A variable name is a plain identifier (letter or '_' first, then letters, digits, '_'; at most 64).");
            else if (BuiltInNames.Contains(d.Name, StringComparer.OrdinalIgnoreCase))
                v.Add($"{at}.name", $"'{d.Name}' is a built-in variable and cannot be redeclared.");
            else if (!seen.Add(d.Name))
                v.Add($"{at}.name", $"'{d.Name}' is declared twice.");
            v.MaxLength($"{at}.label", d.Label, 200);
            v.OneOf($"{at}.type", d.Type, VariableTypes.All);
            if (d.Default is { } def && def.ValueKind != JsonValueKind.Null && VariableTypes.All.Contains(d.Type) &&
                Normalize(d.Type!, def) is { Error: { } error })
                v.Add($"{at}.default", error);
        }
    }

    /// <summary>A value checked against its type: the JSON to store and the text to render, or an error.</summary>
    public readonly record struct TypedValue(JsonElement Stored, string Text, string? Error);

    public static TypedValue Normalize(string type, JsonElement value)
    {
        static TypedValue Fail(string message) => new(default, "", message);
        switch (type)
        {
            case VariableTypes.Number or VariableTypes.Percent:
                decimal number;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var n)) number = n;
                else if (value.ValueKind == JsonValueKind.String &&
                         decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)) number = parsed;
                else return Fail(type == VariableTypes.Percent ? "Must be a number from 0 to 100." : "Must be a number.");
                if (type == VariableTypes.Percent && number is < 0 or > 100) return Fail("Must be a number from 0 to 100.");
                return new(JsonSerializer.SerializeToElement(number), number.ToString(CultureInfo.InvariantCulture), null);
            case VariableTypes.Date:
                if (value.ValueKind == JsonValueKind.String &&
                    DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return new(value, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
                return Fail("Must be an ISO date (yyyy-MM-dd).");
            case VariableTypes.Url:
                if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= MaxTextLength } s &&
                    Uri.TryCreate(s, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                    return new(value, s, null);
                return Fail("Must be an absolute http or https URL.");
            default:
                if (value.ValueKind != JsonValueKind.String) return Fail("Must be text.");
                var text = value.GetString()!;
                return text.Length > MaxTextLength ? Fail($"Must be at most {MaxTextLength} characters.") : new(value, text, null);
        }
    }

    /// <summary>
    /// Checks values against the declarations: unknown names, wrong types and missing required values (without a default)
    /// are field errors under <paramref name="field"/>. Returns what to store (the given values, normalised) and the
    /// text of every declared variable that has a value or a default.
    /// </summary>
    public static (Dictionary<string, JsonElement> Stored, Dictionary<string, string> Values) Resolve(Validator v,
        IReadOnlyList<TemplateVariable> declared, IReadOnlyDictionary<string, JsonElement>? given, string field = "customizations")
    {
        var stored = new Dictionary<string, JsonElement>();
        var values = new Dictionary<string, string>();
        var byName = declared.Where(d => d.Name is not null).ToDictionary(d => d.Name!, StringComparer.Ordinal);
        foreach (var (name, value) in given ?? new Dictionary<string, JsonElement>())
        {
            if (!byName.TryGetValue(name, out var d))
            {
                v.Add($"{field}.{name}", $"'{name}' is not a variable of this template.");
                continue;
            }
            if (value.ValueKind == JsonValueKind.Null) continue;
            var typed = Normalize(d.Type ?? VariableTypes.Text, value);
            if (typed.Error is not null) v.Add($"{field}.{name}", typed.Error);
            else
            {
                stored[name] = typed.Stored;
                values[name] = typed.Text;
            }
        }
        var missing = new List<string>();
        foreach (var d in declared)
        {
            if (d.Name is null || values.ContainsKey(d.Name)) continue;
            if (d.Default is { ValueKind: not JsonValueKind.Null } def && Normalize(d.Type ?? VariableTypes.Text, def) is { Error: null } t)
                values[d.Name] = t.Text;
            else if (d.Required && !v.Errors.ContainsKey($"{field}.{d.Name}"))
                missing.Add(d.Name);
        }
        foreach (var name in missing) v.Add($"{field}.{name}", $"'{name}' is required.");
        return (stored, values);
    }

    /// <summary>Render data for a location: attributes by key, then declared values, then the fixed built-ins.</summary>
    public static Dictionary<string, object> DataFor(LocationRenderRow? location, IReadOnlyDictionary<string, string> values)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (location is not null)
        {
            foreach (var (key, text) in AttributeTexts(location.Attributes)) data[key] = text;
        }
        foreach (var (name, text) in values) data[name] = text;
        if (location is not null)
        {
            data["brandName"] = location.BrandName;
            data["locationName"] = location.Name;
            data["storeNumber"] = location.StoreNumber;
            data["city"] = location.City ?? "";
            data["state"] = location.State ?? "";
            data["fullAddress"] = FullAddress(location);
            data["timeZone"] = location.TimeZone;
        }
        return data;
    }

    public static string FullAddress(LocationRenderRow l) =>
        string.Join(", ", new[] { l.Street, l.City, string.Join(" ", new[] { l.State, l.PostalCode }.Where(s => !string.IsNullOrWhiteSpace(s))), l.Country }
            .Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Scalar attributes whose keys are variable names; objects and arrays are not renderable and are left out.</summary>
    private static IEnumerable<(string Key, string Text)> AttributeTexts(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) yield break;
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (!TemplateEngine.IsVariableName(p.Name)) continue;
            string? text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number => p.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is not null) yield return (p.Name, text);
        }
    }
}
