using System.Text.Json;
using StoreSync.Data.Locations;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Locations;

/// <summary>What a valid location is: the one place both POST and PATCH (and imports) check it.</summary>
public static class LocationRules
{
    public const int MaxAttributes = 50;
    public const int MaxAttributeKeyLength = 64;
    public const int MaxAttributeValueLength = 1000;

    /// <summary>
    /// The request applied over the current row (null for a new location), validated as a whole; null when invalid
    /// (the reasons are in <paramref name="v"/>).
    /// </summary>
    public static LocationValues? Merge(LocationRow? current, LocationRequest r, Validator v)
    {
        var creating = current is null;
        string? Text(string field, string? input, string? existing, int max)
        {
            if (input is null) return existing;
            v.MaxLength(field, input, max);
            return string.IsNullOrWhiteSpace(input) ? null : input.Trim();
        }

        var storeNumber = Text("storeNumber", r.StoreNumber, current?.StoreNumber, 50);
        var name = Text("name", r.Name, current?.Name, 200);
        var timeZone = r.TimeZone?.Trim() ?? current?.TimeZone;
        if (storeNumber is null) v.Add("storeNumber", "storeNumber is required.");
        if (name is null) v.Add("name", "name is required.");
        if (timeZone is null)
            v.Add("timeZone", creating ? "timeZone is required (the brand has no settings.defaultTimeZone)." : "timeZone is required.");
        else if (r.TimeZone is not null && !IsIanaTimeZone(timeZone))
            v.Add("timeZone", $"'{timeZone}' is not an IANA time zone (for example America/Chicago or Europe/Berlin).");

        var a = r.Address;
        var street = Text("address.street", a?.Street, current?.Street, 200);
        var city = Text("address.city", a?.City, current?.City, 100);
        var state = Text("address.state", a?.State, current?.State, 100);
        var postalCode = Text("address.postalCode", a?.PostalCode, current?.PostalCode, 20);
        var country = Text("address.country", a?.Country, current?.Country, 100);

        if ((r.Latitude is null) != (r.Longitude is null))
            v.Add(r.Latitude is null ? "latitude" : "longitude", "latitude and longitude are given together.");
        if (r.Latitude is < -90 or > 90 || (r.Latitude is { } lat && !double.IsFinite(lat))) v.Add("latitude", "latitude must be between -90 and 90.");
        if (r.Longitude is < -180 or > 180 || (r.Longitude is { } lon && !double.IsFinite(lon))) v.Add("longitude", "longitude must be between -180 and 180.");
        var (latitude, longitude) = r.Latitude is not null && r.Longitude is not null ? (r.Latitude, r.Longitude) : (current?.Latitude, current?.Longitude);

        var attributes = current?.Attributes ?? "{}";
        if (r.Attributes is { } attrs && ValidateAttributes(attrs, v)) attributes = attrs.GetRawText();

        if (!v.IsValid) return null;
        return new LocationValues(storeNumber!, name!, street, city, state, postalCode, country, timeZone!, latitude, longitude, attributes,
            r.IsActive ?? current?.IsActive ?? true);
    }

    /// <summary>
    /// IANA ids only: .NET on Linux also resolves Windows ids ("Central Standard Time"), which other systems and the
    /// front end would not understand.
    /// </summary>
    public static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz) && tz.HasIanaId &&
        !TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out _);

    /// <summary>A flat JSON object of strings, numbers and booleans (filterable with ?attribute.key=value).</summary>
    public static bool ValidateAttributes(JsonElement attributes, Validator v)
    {
        if (attributes.ValueKind != JsonValueKind.Object) { v.Add("attributes", "attributes must be a JSON object."); return false; }
        var count = 0;
        var ok = true;
        foreach (var p in attributes.EnumerateObject())
        {
            count++;
            if (p.Name.Length is 0 or > MaxAttributeKeyLength)
            { v.Add("attributes", $"Attribute names are 1 to {MaxAttributeKeyLength} characters ('{Truncate(p.Name)}')."); ok = false; }
            if (p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            { v.Add($"attributes.{Truncate(p.Name)}", "Attribute values are strings, numbers or booleans (no objects, arrays or null)."); ok = false; }
            else if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > MaxAttributeValueLength)
            { v.Add($"attributes.{Truncate(p.Name)}", $"Attribute values are at most {MaxAttributeValueLength} characters."); ok = false; }
        }
        if (count > MaxAttributes) { v.Add("attributes", $"At most {MaxAttributes} attributes."); ok = false; }
        return ok;
    }

    private static string Truncate(string s) => s.Length <= MaxAttributeKeyLength ? s : s[..MaxAttributeKeyLength] + "…";
}
