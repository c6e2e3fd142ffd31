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

    [Fact]
    public void CsvRowsWiderOrNarrowerThanTheHeaderFarDownTheFileAreRead()
    {
        var rows = new List<object?[]?> { new object?[] { "Store", "Name" } };
        rows.AddRange(Enumerable.Range(1, 300).Select(i => new object?[] { i.ToString(), "n" + i }));
        rows.Add(["301", "wide", "extra", "more"]);
        rows.Add(["302"]);
        using var sheet = SheetReader.Open(new MemoryStream(Sheets.Csv(rows)), ".csv");
        var last = new List<string?>();
        while (sheet.Read())
            if (sheet.RowNumber >= 302) last.Add(SheetReader.Text(sheet.Value(0)) + "|" + SheetReader.Text(sheet.Value(1)));
        Assert.Equal(new[] { "301|wide", "302|" }, last.Select(x => x!));
    }
}
