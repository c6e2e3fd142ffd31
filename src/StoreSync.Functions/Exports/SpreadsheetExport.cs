using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using DocumentFormat.OpenXml;
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
            : new CsvResult(fileName + ".csv", header, rows);

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

    /// <summary>
    /// One sheet, streamed: the zip is written with ZipArchive in Create mode (each entry compressed as it is written) and
    /// the sheet with the SAX-style OpenXmlWriter, so memory stays flat whatever the row count. The package parts around
    /// the sheet are fixed text. (DocumentFormat.OpenXml 2.20's own package needs read access, which puts System.IO.Packaging
    /// in Update mode: every part in memory until it closes, +290 MB for 100,000 rows.)
    /// </summary>
    public static async Task WriteXlsxAsync(Stream target, string sheetName, string[] header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        using var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        Text(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Text(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Text(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{System.Security.SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Text(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
        await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var w = OpenXmlWriter.Create(sheet);
        w.WriteStartDocument(true);
        w.WriteStartElement(new Worksheet());
        w.WriteStartElement(new SheetData());
        uint rowIndex = 1;
        WriteRow(w, rowIndex, header);
        await foreach (var row in rows.WithCancellation(ct))
            WriteRow(w, ++rowIndex, row);
        w.WriteEndElement();
        w.WriteEndElement();
        w.Close();
    }

    private static void Text(ZipArchive zip, string name, string content)
    {
        using var entry = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new System.Text.UTF8Encoding(false));
        entry.Write(content);
    }

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

    /// <summary>Streams the CSV into the response as rows arrive; a client that goes away cancels the query.</summary>
    private sealed class CsvResult(string fileName, string[] header, Func<CancellationToken, IAsyncEnumerable<object?[]>> rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            http.Response.ContentType = CsvContentType;
            http.Response.Headers.ContentDisposition = Attachment(fileName);
            await WriteCsvAsync(http.Response.Body, header, rows(ct), ct);
        }
    }

    private static string Attachment(string fileName) =>
        new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = fileName, FileNameStar = fileName }.ToString();

    /// <summary>
    /// Builds the workbook in a temp file (deleted on close) while the rows are read, then sends it; memory stays flat
    /// whatever the row count. Errors before the first byte still become problems.
    /// </summary>
    private sealed class XlsxResult(string fileName, string[] header, Func<CancellationToken, IAsyncEnumerable<object?[]>> rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            var path = Path.Combine(Path.GetTempPath(), $"storesync-export-{Guid.NewGuid():N}.xlsx");
            try
            {
                await using (var spool = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
                    await WriteXlsxAsync(spool, "Export", header, rows(ct), ct);
            }
            catch
            {
                File.Delete(path);
                throw;
            }
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            http.Response.ContentType = XlsxWriter.ContentType;
            http.Response.ContentLength = file.Length;
            http.Response.Headers.ContentDisposition = Attachment(fileName);
            await file.CopyToAsync(http.Response.Body, ct);
        }
    }
}
