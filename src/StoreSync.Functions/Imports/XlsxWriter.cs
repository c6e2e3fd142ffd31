using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace StoreSync.Functions.Imports;

/// <summary>
/// Writes a one-sheet .xlsx with the streaming OpenXmlWriter (rows are never held as a DOM). Text cells are inline strings,
/// numbers numeric cells, booleans boolean cells; a null row leaves an empty row in the sheet.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Write(Stream target, string sheetName, IEnumerable<object?[]?> rows)
    {
        using var doc = SpreadsheetDocument.Create(target, SpreadsheetDocumentType.Workbook);
        var workbook = doc.AddWorkbookPart();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        using (var w = OpenXmlWriter.Create(sheetPart))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteStartElement(new SheetData());
            uint rowIndex = 0;
            foreach (var row in rows)
            {
                rowIndex++;
                if (row is null) continue;
                w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", rowIndex.ToString(CultureInfo.InvariantCulture))]);
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is null) continue;
                    WriteCell(w, ColumnName(c) + rowIndex.ToString(CultureInfo.InvariantCulture), row[c]!);
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
        }
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
        workbook.Workbook.Save();
    }

    private static void WriteCell(OpenXmlWriter w, string reference, object value)
    {
        switch (value)
        {
            case bool b:
                w.WriteElement(new Cell(new CellValue(b ? "1" : "0")) { CellReference = reference, DataType = CellValues.Boolean });
                break;
            case double or float or int or long or decimal:
                w.WriteElement(new Cell(new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!)) { CellReference = reference });
                break;
            default:
                w.WriteElement(new Cell(new InlineString(new Text(Convert.ToString(value, CultureInfo.InvariantCulture)!) { Space = SpaceProcessingModeValues.Preserve }))
                    { CellReference = reference, DataType = CellValues.InlineString });
                break;
        }
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
