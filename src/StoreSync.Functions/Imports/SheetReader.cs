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

    private SheetReader(IExcelDataReader reader, string kind)
    {
        _reader = reader;
        _kind = kind;
    }

    /// <summary>The 1-based row number of the current row as a spreadsheet program shows it.</summary>
    public int RowNumber { get; private set; }

    public int FieldCount => _reader.FieldCount;

    /// <summary>
    /// Rows the reader expects in an Excel sheet (may count trailing empty rows); a progress estimate only. Unknown (0) for CSV,
    /// which is not read ahead.
    /// </summary>
    public int EstimatedRows => _kind == "csv" ? 0 : Guard(() => _reader.RowCount);

    public static SheetReader Open(Stream content, string extension)
    {
        var kind = extension.TrimStart('.').ToLowerInvariant();
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
            return new SheetReader(reader, kind);
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
        try
        {
            return _reader.GetValue(index);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw Damaged(e);
        }
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
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("s", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

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
