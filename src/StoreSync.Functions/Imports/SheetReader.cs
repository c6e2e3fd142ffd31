using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace StoreSync.Functions.Imports;

/// <summary>
/// The first sheet of an .xlsx, .xls or .csv file, row by row (never the whole sheet in memory). Anything the reader
/// library throws about the file becomes an <see cref="ImportFailedException"/> with a message a user can act on.
/// Formulas are never evaluated: for Excel files the reader returns the value Excel cached, for CSV every cell is text.
/// </summary>
public sealed class SheetReader : IDisposable
{
    public static readonly string[] Extensions = [".xlsx", ".xls", ".csv"];

    static SheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // .xls and non-UTF-8 CSV code pages

    private readonly IExcelDataReader _reader;
    private readonly string _kind;
    private readonly int _maxCellChars;

    private SheetReader(IExcelDataReader reader, string kind, int maxCellChars)
    {
        _reader = reader;
        _kind = kind;
        _maxCellChars = maxCellChars;
    }

    /// <summary>The 1-based row number of the current row as a spreadsheet program shows it.</summary>
    public int RowNumber { get; private set; }

    public int FieldCount => _reader.FieldCount;

    /// <summary>
    /// Rows the reader expects in an Excel sheet (may count trailing empty rows); a progress estimate only. Unknown (0) for CSV,
    /// which is not read ahead.
    /// </summary>
    public int EstimatedRows => _kind == "csv" ? 0 : Guard(() => _reader.RowCount);

    /// <summary>
    /// Opens the first sheet. An .xlsx is first checked against <paramref name="limits"/> (what its parts unpack to, the
    /// longest cell) without holding it in memory; any cell longer than the limit fails the import in every format.
    /// </summary>
    public static SheetReader Open(Stream content, string extension, SheetLimits? limits = null)
    {
        var kind = extension.TrimStart('.').ToLowerInvariant();
        limits ??= SheetLimits.Default;
        if (kind == "xlsx")
        {
            if (!content.CanSeek)
            {
                var copy = new MemoryStream();
                content.CopyTo(copy);
                copy.Position = 0;
                content = copy;
            }
            XlsxLimits.Check(content, limits);
        }
        try
        {
            var config = new ExcelReaderConfiguration
            {
                FallbackEncoding = Encoding.UTF8,
                AutodetectSeparators = [',', ';', '\t'],
                // The column count comes from the first rows (the header is among them) instead of a first pass over the
                // whole file; cells right of the header have no column to go to anyway.
                AnalyzeInitialCsvRows = 100,
                LeaveOpen = true,
            };
            var reader = kind == "csv" ? ExcelReaderFactory.CreateCsvReader(content, config) : ExcelReaderFactory.CreateReader(content, config);
            return new SheetReader(reader, kind, limits.MaxCellChars);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw new ImportFailedException($"The file is not a readable .{kind} spreadsheet ({Describe(e)}).");
        }
    }

    public bool Read()
    {
        var more = Guard(_reader.Read);
        if (more) RowNumber++;
        return more;
    }

    public object? Value(int index)
    {
        if (index >= _reader.FieldCount) return null;
        object? value;
        try
        {
            value = _reader.GetValue(index);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw Damaged(e);
        }
        if (value is string { Length: var length } && length > _maxCellChars)
            throw new ImportFailedException($"Row {RowNumber}, column {index + 1}: the cell has {length:N0} characters; the limit is " +
                $"{_maxCellChars:N0} (setting Imports:MaxCellChars; Excel's own limit is 32,767). Shorten it and import again.");
        return value;
    }

    public bool IsEmptyRow()
    {
        for (var i = 0; i < _reader.FieldCount; i++)
        {
            var value = Value(i);
            if (value is null or DBNull || (value is string s && string.IsNullOrWhiteSpace(s))) continue;
            return false;
        }
        return true;
    }

    /// <summary>A cell as text: trimmed, empty → null, numbers in invariant culture ("101", "41.88"), dates as ISO 8601.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : Unescape(s).Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("s", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// A leading <c>'</c> before = + - @, tab or CR is the formula escape that exports (and other tools' CSV) put there; it is not
    /// part of the value, so an exported sheet imports back as it was.
    /// </summary>
    private static string Unescape(string s) => s.Length > 1 && s[0] == '\'' && s[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? s[1..] : s;

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw Damaged(e);
        }
    }

    private ImportFailedException Damaged(Exception e) =>
        new($"The .{_kind} file is damaged or not a spreadsheet; reading stopped near row {RowNumber + 1} ({Describe(e)}).");

    // The reader library signals a bad file with its own exceptions and with whatever the zip, XML or stream code below it throws.
    private static bool IsFileProblem(Exception e) => e is not (OperationCanceledException or OutOfMemoryException or ImportFailedException);

    private static string Describe(Exception e) => e.Message.Length > 200 ? e.Message[..200] + "…" : e.Message;

    public void Dispose() => _reader.Dispose();
}
