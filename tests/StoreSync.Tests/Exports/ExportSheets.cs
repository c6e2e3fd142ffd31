using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace StoreSync.Tests.Exports;

/// <summary>Reads what exports write: CSV (RFC 4180, with a BOM) and the first sheet of an .xlsx, cell by cell.</summary>
public static class ExportSheets
{
    public static List<string[]> ParseCsv(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row.ToArray());
                row.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row.ToArray()); }
        return rows;
    }

    /// <summary>Cells as text (null for an absent cell), plus whether any cell is a formula.</summary>
    public static (List<string?[]> Rows, bool HasFormula, List<CellValues?> Types) ParseXlsx(byte[] content)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(content), false);
        var part = doc.WorkbookPart!.WorksheetParts.First();
        var rows = new List<string?[]>();
        var types = new List<CellValues?>();
        var hasFormula = false;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = row.Elements<Cell>().ToList();
            var width = cells.Count == 0 ? 0 : cells.Max(c => ColumnIndex(c.CellReference!.Value!)) + 1;
            var values = new string?[width];
            foreach (var cell in cells)
            {
                hasFormula |= cell.CellFormula is not null;
                types.Add(cell.DataType?.Value);
                values[ColumnIndex(cell.CellReference!.Value!)] = cell.DataType?.Value == CellValues.InlineString
                    ? cell.InlineString!.InnerText
                    : cell.CellValue?.Text;
            }
            rows.Add(values);
        }
        return (rows, hasFormula, types);
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsLetter)) n = n * 26 + (ch - 'A' + 1);
        return n - 1;
    }
}
