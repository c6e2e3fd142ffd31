using System.Buffers;
using System.Globalization;
using System.Text.Json;
using StoreSync.Data.Imports;

namespace StoreSync.Functions.Imports;

/// <summary>
/// Turns one sheet row into a staged location, or into row errors (row number as the sheet shows it, the column's header,
/// a message). Rows are independent except for duplicates: the first row with a store number wins, later rows with the same
/// store number are errors.
/// </summary>
public sealed class LocationRowParser(ImportBrand brand, IReadOnlyList<ImportColumn> columns)
{
    private const int MaxText = 200;
    private const int MaxStoreNumber = 64;
    private const int MaxAttributeText = 1000;

    private static readonly Dictionary<string, string?> TimeZones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _firstRowOfStore = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _json = new(256);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);
    private readonly List<string> _removed = [];

    public StagedColumns Present { get; } = new(
        Has(columns, ImportField.Street), Has(columns, ImportField.City), Has(columns, ImportField.State),
        Has(columns, ImportField.PostalCode), Has(columns, ImportField.Country), Has(columns, ImportField.Latitude),
        Has(columns, ImportField.Longitude));

    private static bool Has(IReadOnlyList<ImportColumn> columns, ImportField f) => columns.Any(c => c.Field == f);

    /// <summary>The staged row, or null when the row has errors (added to <paramref name="errors"/>).</summary>
    public StagedLocation? Parse(SheetReader sheet, List<ImportRowError> errors)
    {
        var row = sheet.RowNumber;
        var before = errors.Count;
        string? storeNumber = null, name = null, street = null, city = null, state = null, postal = null, country = null, tz = null;
        double? lat = null, lng = null;
        var coordinateError = false;
        bool? active = null;
        _removed.Clear();
        _json.ResetWrittenCount();
        var json = _writer;
        json.Reset(_json);
        json.WriteStartObject();
        foreach (var c in columns)
        {
            var raw = sheet.Value(c.Index);
            var text = SheetReader.Text(raw);
            void Error(string message) => errors.Add(new ImportRowError(row, c.Header, message, Clip(text)));
            string? Limited(int max)
            {
                if (text is not null && text.Length > max) Error($"At most {max} characters (this cell has {text.Length}).");
                return text;
            }
            // PostgreSQL text cannot hold NUL: such a cell is this row's error, never the whole job's.
            if (text is not null && text.Contains('\0'))
            {
                Error("The cell contains a NUL character (\\0), which cannot be stored. Remove it and import the row again.");
                continue;
            }
            switch (c.Field)
            {
                case ImportField.StoreNumber:
                    storeNumber = Limited(MaxStoreNumber);
                    if (storeNumber is null) Error("Store number is required.");
                    break;
                case ImportField.Name:
                    name = Limited(MaxText);
                    if (name is null) Error("Name is required.");
                    break;
                case ImportField.Street: street = Limited(MaxText); break;
                case ImportField.City: city = Limited(MaxText); break;
                case ImportField.State: state = Limited(MaxText); break;
                case ImportField.PostalCode: postal = Limited(20); break;
                case ImportField.Country: country = Limited(MaxText); break;
                case ImportField.TimeZone:
                    if (text is null) break;
                    tz = CanonicalTimeZone(text);
                    if (tz is null) Error($"'{Clip(text)}' is not an IANA time zone (for example America/Chicago).");
                    break;
                case ImportField.Latitude:
                    (lat, var latError) = Coordinate(raw, text, 90);
                    if (latError is not null) { Error(latError); coordinateError = true; }
                    break;
                case ImportField.Longitude:
                    (lng, var lngError) = Coordinate(raw, text, 180);
                    if (lngError is not null) { Error(lngError); coordinateError = true; }
                    break;
                case ImportField.IsActive:
                    if (text is null) break;
                    active = Flag(text);
                    if (active is null) Error($"'{Clip(text)}' is not a yes/no value (use true/false, yes/no, active/inactive).");
                    break;
                case ImportField.Brand:
                    if (text is not null && !string.Equals(text, brand.Slug, StringComparison.OrdinalIgnoreCase) &&
                        !string.Equals(text, brand.Name, StringComparison.OrdinalIgnoreCase))
                        Error($"This row names the brand '{Clip(text)}', but the file is imported into '{brand.Slug}'. Rows of other brands are not imported.");
                    break;
                default:
                    if (text is null) _removed.Add(c.AttributeKey!);
                    else if (text.Length > MaxAttributeText) Error($"At most {MaxAttributeText} characters (this cell has {text.Length}).");
                    else WriteAttribute(json, c.AttributeKey!, raw, text);
                    break;
            }
        }
        json.WriteEndObject();
        json.Flush();
        // Coordinates come as a pair (the API and the database enforce the same rule).
        if (!coordinateError && lat.HasValue != lng.HasValue)
        {
            var present = columns.First(c => c.Field == (lat.HasValue ? ImportField.Latitude : ImportField.Longitude));
            errors.Add(new ImportRowError(row, present.Header, "Latitude and longitude must be given together.",
                Clip(SheetReader.Text(sheet.Value(present.Index)))));
        }
        if (storeNumber is not null && errors.Count == before)
        {
            if (_firstRowOfStore.TryGetValue(storeNumber, out var first))
                errors.Add(new ImportRowError(row, Header(ImportField.StoreNumber),
                    $"Store number '{storeNumber}' already appears on row {first}; only the first row with a store number is imported.", storeNumber));
            else _firstRowOfStore[storeNumber] = row;
        }
        if (errors.Count > before) return null;
        return new StagedLocation(row, storeNumber!, name!, street, city, state, postal, country, tz, lat, lng, active,
            System.Text.Encoding.UTF8.GetString(_json.WrittenSpan), _removed.Count == 0 ? [] : _removed.ToArray());
    }

    private static string? Clip(string? text)
    {
        if (text is null) return null;
        if (text.Contains('\0')) text = text.Replace("\0", "\\0");
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private string Header(ImportField f) => columns.First(c => c.Field == f).Header;

    /// <summary>IANA ids only ("America/Chicago", "UTC"); Windows names are refused. Returns the id as the system spells it.</summary>
    public static string? CanonicalTimeZone(string id)
    {
        lock (TimeZones)
        {
            if (TimeZones.TryGetValue(id, out var known)) return known;
            string? canonical = null;
            if (id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId)
                canonical = zone.Id;
            return TimeZones[id] = canonical;
        }
    }

    private static (double? Value, string? Error) Coordinate(object? raw, string? text, double limit)
    {
        if (text is null) return (null, null);
        double value;
        if (raw is double d) value = d;
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) &&
                 !(text.Count(ch => ch == ',') == 1 && !text.Contains('.') &&
                   double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value)))
            return (null, $"'{Clip(text)}' is not a number.");
        if (double.IsFinite(value) && Math.Abs(value) <= limit) return (value, null);
        return (null, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range (-{limit} to {limit}).");
    }

    public static bool? Flag(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" or "active" or "open" or "enabled" => true,
        "false" or "no" or "n" or "0" or "inactive" or "closed" or "disabled" => false,
        _ => null,
    };

    // Attribute types: Excel numbers and booleans keep their type; text that reads as a plain number or as true/false/yes/no is
    // typed too; everything else (including "=SUM(A1)" and "00123") stays text, exactly as written.
    private static void WriteAttribute(Utf8JsonWriter json, string key, object? raw, string text)
    {
        switch (raw)
        {
            case double d when double.IsFinite(d):
                json.WriteNumber(key, d);
                return;
            case bool b:
                json.WriteBoolean(key, b);
                return;
        }
        if (raw is string && IsPlainNumber(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
            json.WriteNumber(key, n);
        else if (raw is string && text.ToLowerInvariant() is "true" or "false" or "yes" or "no")
            json.WriteBoolean(key, text.ToLowerInvariant() is "true" or "yes");
        else
            json.WriteString(key, text);
    }

    // "12", "-3.5", "0.25", "1e3": yes. "00123" (a code with leading zeros), "+1", "1,000", " 12": no.
    private static bool IsPlainNumber(string s)
    {
        var i = s.StartsWith('-') ? 1 : 0;
        if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
        if (s[i] == '0' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])) return false;
        foreach (var ch in s.AsSpan(i))
            if (!(char.IsAsciiDigit(ch) || ch is '.' or 'e' or 'E' or '-' or '+')) return false;
        return true;
    }
}
