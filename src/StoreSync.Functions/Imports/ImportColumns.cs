using System.Text;

namespace StoreSync.Functions.Imports;

public enum ImportField
{
    Attribute, StoreNumber, Name, Street, City, State, PostalCode, Country, TimeZone, Latitude, Longitude, IsActive, Brand,
}

/// <summary>One column of the sheet: what it means and the header the user wrote (used in error messages).</summary>
public sealed record ImportColumn(int Index, string Header, ImportField Field, string? AttributeKey);

/// <summary>
/// Header names → fields. Matching ignores case, spaces and punctuation ("Store #", "store_number" and "STORE NO." all
/// match). Anything unknown becomes a location attribute. Keep README.md's alias table in step with this list.
/// </summary>
public static class ImportColumns
{
    public const int MaxColumns = 100;

    private static readonly Dictionary<string, ImportField> Aliases = Build(
        (ImportField.StoreNumber, ["storenumber", "store", "storeno", "storenum", "storeid", "locationnumber", "locationno"]),
        (ImportField.Name, ["name", "storename", "locationname"]),
        (ImportField.Street, ["street", "address", "streetaddress", "address1", "addressline1", "street1"]),
        (ImportField.City, ["city", "town"]),
        (ImportField.State, ["state", "stateprovince", "province", "stateorprovince"]),
        (ImportField.PostalCode, ["postalcode", "zip", "zipcode", "postcode", "postal"]),
        (ImportField.Country, ["country", "countrycode"]),
        (ImportField.TimeZone, ["timezone", "tz", "timezoneid"]),
        (ImportField.Latitude, ["latitude", "lat"]),
        (ImportField.Longitude, ["longitude", "lng", "lon", "long"]),
        (ImportField.IsActive, ["isactive", "active", "status", "enabled"]),
        (ImportField.Brand, ["brand", "brandslug", "brandname"]));

    private static Dictionary<string, ImportField> Build(params (ImportField Field, string[] Names)[] table) =>
        table.SelectMany(t => t.Names.Select(n => (n, t.Field))).ToDictionary(x => x.n, x => x.Field);

    /// <summary>The field names as the API spells them, for messages.</summary>
    public static string NameOf(ImportField field) => field switch
    {
        ImportField.StoreNumber => "storeNumber",
        ImportField.PostalCode => "postalCode",
        ImportField.TimeZone => "timeZone",
        ImportField.IsActive => "isActive",
        _ => field.ToString().ToLowerInvariant(),
    };

    /// <summary>Lower case, letters and digits only: "Store #" → "store", "Zip-Code" → "zipcode".</summary>
    public static string Normalize(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var c in header)
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>An attribute's key: the header in camelCase ("Drive Thru" → "driveThru", "sq_ft" → "sqFt").</summary>
    public static string AttributeKey(string header)
    {
        var words = new string(header.Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray()).Split(' ');
        var sb = new StringBuilder(header.Length);
        foreach (var w in words)
        {
            if (w.Length == 0) continue;
            if (sb.Length == 0) sb.Append(char.ToLowerInvariant(w[0])).Append(w.AsSpan(1));
            else sb.Append(char.ToUpperInvariant(w[0])).Append(w.AsSpan(1));
        }
        return sb.ToString();
    }

    /// <summary>Maps a header row; a file whose header cannot be used fails as a whole.</summary>
    public static IReadOnlyList<ImportColumn> Map(IReadOnlyList<string?> headers)
    {
        if (headers.Count(h => !string.IsNullOrWhiteSpace(h)) > MaxColumns)
            throw new ImportFailedException($"The header row has more than {MaxColumns} columns.");
        var columns = new List<ImportColumn>();
        var byField = new Dictionary<ImportField, string>();
        var byAttribute = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i]?.Trim();
            if (string.IsNullOrEmpty(header)) continue;
            var normalized = Normalize(header);
            if (normalized.Length == 0)
                throw new ImportFailedException($"Column {i + 1} has the header '{header}', which has no letters or digits.");
            if (Aliases.TryGetValue(normalized, out var field))
            {
                if (byField.TryGetValue(field, out var other))
                    throw new ImportFailedException($"The columns '{other}' and '{header}' both mean {NameOf(field)}; keep one of them.");
                byField[field] = header;
                columns.Add(new ImportColumn(i, header, field, null));
            }
            else
            {
                var key = AttributeKey(header);
                if (byAttribute.TryGetValue(key, out var other))
                    throw new ImportFailedException($"The columns '{other}' and '{header}' both become the attribute '{key}'; keep one of them.");
                byAttribute[key] = header;
                columns.Add(new ImportColumn(i, header, ImportField.Attribute, key));
            }
        }
        var missing = new[] { ImportField.StoreNumber, ImportField.Name }.Where(f => !byField.ContainsKey(f)).Select(NameOf).ToList();
        if (missing.Count > 0)
            throw new ImportFailedException(
                $"The header row (the first non-empty row) has no {string.Join(" or ", missing)} column. " +
                "Required columns: storeNumber (also 'Store #', 'Store Number', 'Store No', 'store') and name (also 'Store Name', 'Location Name'). " +
                $"Headers found: {string.Join(", ", headers.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"'{h!.Trim()}'"))}.");
        return columns;
    }
}

/// <summary>The file as a whole cannot be imported (corrupt, empty, too large, no usable header...). Nothing is applied.</summary>
public sealed class ImportFailedException(string message) : Exception(message);
