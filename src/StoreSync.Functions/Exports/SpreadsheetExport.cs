using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using StoreSync.Functions.Imports;

namespace StoreSync.Functions.Exports;

/// <summary>
/// Rows of an export as CSV or XLSX, written as they are read (never the whole table in memory). Text that a spreadsheet
/// would run as a formula (starting with = + - @, tab or CR) gets a leading <c>'</c>; numbers, dates and booleans are
/// written as such and never escaped, so <c>-87.6</c> stays a number.
/// </summary>
public static class SpreadsheetExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public static readonly string[] Formats = ["csv", "xlsx"];

    private static readonly CsvWriterOptions CsvOptions = new() { Injection = CsvInjection.Escape, WriteByteOrderMark = true };

    /// <summary>The escape of a text cell, the same in CSV (CsvHelper's Injection.Escape) and XLSX.</summary>
    public static string Escape(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>The response: CSV streamed into the body as rows arrive; XLSX spooled to a temp file (a zip needs to seek), then sent.</summary>
    public static IResult Result(string format, string fileName, string[] header, Func<CancellationToken, IAsyncEnumerable<object?[]>> rows) =>
        format == "xlsx"
            ? new XlsxResult(fileName + ".xlsx", header, rows)
            : Results.Stream(async body => await WriteCsvAsync(body, header, rows(CancellationToken.None), CancellationToken.None),
                CsvContentType, fileName + ".csv");

    public static async Task WriteCsvAsync(Stream body, string[] header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(body, CsvOptions, leaveOpen: true);
        await csv.WriteRecordAsync(header, ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            foreach (var cell in row)
            {
                switch (cell)
                {
                    case null: csv.WriteField((string?)null); break;
                    case string s: csv.WriteField(s); break;
                    case double d: csv.WriteField(d, ""); break;
                    case int i: csv.WriteField(i, ""); break;
                    case long l: csv.WriteField(l, ""); break;
                    case decimal m: csv.WriteField(m, ""); break;
                    case bool b: csv.WriteField(b ? "true" : "false"); break;
                    case DateTimeOffset t: csv.WriteField(t.UtcDateTime, "yyyy-MM-ddTHH:mm:ssZ"); break;
                    case Guid g: csv.WriteField(g, ""); break;
                    default: csv.WriteField(Convert.ToString(cell, CultureInfo.InvariantCulture)); break;
                }
            }
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary>One sheet with the streaming OpenXmlWriter (the SAX style of <see cref="XlsxWriter"/>), text escaped as in CSV.</summary>
    public static async Task WriteXlsxAsync(Stream target, string sheetName, string[] header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        using var doc = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook);
        var workbook = doc.AddWorkbookPart();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        using (var w = OpenXmlWriter.Create(sheetPart))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteStartElement(new SheetData());
            uint rowIndex = 1;
            WriteRow(w, rowIndex, header);
            await foreach (var row in rows.WithCancellation(ct))
                WriteRow(w, ++rowIndex, row);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
        workbook.Workbook.Save();
    }

    private static readonly OpenXmlAttribute[] NoAttributes = [];

    private static void WriteRow(OpenXmlWriter w, uint rowIndex, object?[] row)
    {
        var r = rowIndex.ToString(CultureInfo.InvariantCulture);
        w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", r)]);
        for (var c = 0; c < row.Length; c++)
        {
            var reference = XlsxWriter.ColumnName(c) + r;
            switch (row[c])
            {
                case null: break;
                case bool b:
                    w.WriteElement(new Cell(new CellValue(b ? "1" : "0")) { CellReference = reference, DataType = CellValues.Boolean });
                    break;
                case double or int or long or decimal:
                    w.WriteElement(new Cell(new CellValue(Convert.ToString(row[c], CultureInfo.InvariantCulture)!)) { CellReference = reference });
                    break;
                case DateTimeOffset t:
                    WriteText(w, reference, t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    break;
                default:
                    WriteText(w, reference, Escape(Convert.ToString(row[c], CultureInfo.InvariantCulture)!));
                    break;
            }
        }
        w.WriteEndElement();
    }

    private static void WriteText(OpenXmlWriter w, string reference, string text) =>
        w.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
            { CellReference = reference, DataType = CellValues.InlineString });

    /// <summary>
    /// Builds the workbook in a temp file (deleted on close) while the rows are read, then sends it; memory stays flat
    /// whatever the row count. Errors before the first byte still become problems.
    /// </summary>
    private sealed class XlsxResult(string fileName, string[] header, Func<CancellationToken, IAsyncEnumerable<object?[]>> rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"storesync-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await WriteXlsxAsync(file, "Export", header, rows(ct), ct);
            file.Position = 0;
            http.Response.ContentType = XlsxWriter.ContentType;
            http.Response.ContentLength = file.Length;
            http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
                { FileNameStar = fileName }.ToString();
            await file.CopyToAsync(http.Response.Body, ct);
        }
    }
}
