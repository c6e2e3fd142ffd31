using StoreSync.Functions.Imports;

namespace StoreSync.Tests.Imports;

/// <summary>The reader sees the same rows, with the same sheet row numbers, in every format.</summary>
public sealed class SheetReaderTests
{
    private static readonly object?[]?[] Rows =
    [
        null,
        ["Store #", "Name", "Lat"],
        ["101", "Downtown", 41.5],
        null,
        ["102", "=SUM(A1:A2)", -87.25],
    ];

    public static TheoryData<string> Formats => new() { ".csv", ".xlsx", ".xls" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormatReadsTheSameCellsWithSheetRowNumbers(string extension)
    {
        var bytes = extension switch { ".csv" => Sheets.Csv(Rows), ".xlsx" => Sheets.Xlsx(Rows), _ => Sheets.Xls(Rows) };
        using var sheet = SheetReader.Open(new MemoryStream(bytes), extension);
        var seen = new List<(int Row, string?[] Cells)>();
        while (sheet.Read())
        {
            if (sheet.IsEmptyRow()) continue;
            seen.Add((sheet.RowNumber, Enumerable.Range(0, 3).Select(i => SheetReader.Text(sheet.Value(i))).ToArray()));
        }
        Assert.Equal([2, 3, 5], seen.Select(s => s.Row));
        Assert.Equal(new[] { "Store #", "Name", "Lat" }, seen[0].Cells.Select(c => c!));
        Assert.Equal(new[] { "101", "Downtown", "41.5" }, seen[1].Cells.Select(c => c!));
        Assert.Equal(new[] { "102", "=SUM(A1:A2)", "-87.25" }, seen[2].Cells.Select(c => c!));
    }
}
